import { Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import type { CommandResult } from '../event-store/command-executor.service.js';
import { Roles } from '../http/auth.guard.js';
import { Ctx, type RequestContext } from '../http/command-context.js';
import { CommandResultInterceptor } from '../http/command-result.interceptor.js';
import { id } from '../http/schemas.js';
import { ValidBody, ZodValidationPipe } from '../http/zod-validation.js';
import { newAggregateId } from '../shared/ids.js';
import { StaffCommandMessage } from './staff.command-handler.js';
import { recordLeaveBody, registerStaffMemberBody } from './staff.schemas.js';

@ApiTags('staff')
@ApiSecurity('bearer')
@Controller('staff')
export class StaffController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('integration')
  @UseInterceptors(CommandResultInterceptor)
  register(@ValidBody(registerStaffMemberBody) body: z.infer<typeof registerStaffMemberBody>, @Ctx() ctx: RequestContext): Promise<CommandResult> {
    const { commandId: _, ...details } = body;
    const staffId = newAggregateId(body.staffId, ctx.commandId, 'staff');
    return this.commands.execute(new StaffCommandMessage({ type: 'RegisterStaffMember', ...details, staffId }, { ...ctx, occurredAt: body.hiredAt }));
  }

  /** The usual worker is away: clients who want one get a replacement proposal. */
  @Post(':id/leaves')
  @Roles('integration')
  @UseInterceptors(CommandResultInterceptor)
  recordLeave(@Param('id', new ZodValidationPipe(id)) staffId: string, @ValidBody(recordLeaveBody) body: z.infer<typeof recordLeaveBody>, @Ctx() ctx: RequestContext): Promise<CommandResult> {
    const { commandId: _, ...leave } = body;
    const leaveId = newAggregateId(body.leaveId, ctx.commandId, 'leave');
    return this.commands.execute(new StaffCommandMessage({ type: 'RecordStaffLeave', ...leave, staffId, leaveId }, { ...ctx, occurredAt: body.from }));
  }
}
