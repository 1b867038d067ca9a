import { Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Roles } from '../http/auth.guard.js';
import { Ctx, type RequestContext } from '../http/command-context.js';
import { answered, type CommandAnswer } from '../http/command-result.interceptor.js';
import { id } from '../http/schemas.js';
import { ValidBody, ZodValidationPipe } from '../http/zod-validation.js';
import { newAggregateId } from '../shared/ids.js';
import type { DeclarePayroll } from './payroll.decider.js';
import type { StaffCommand } from './staff-member.decider.js';
import { StaffCommandMessage } from './staff.command-handler.js';
import { annualInterviewBody, declarePayrollBody, recordLeaveBody, recordTrainingBody, registerStaffMemberBody, requestTrainingBody } from './staff.schemas.js';

const staffId = new ZodValidationPipe(id);
type Body<S extends z.ZodType> = z.infer<S>;

/** The body without its `commandId`, with the id of what it records: given, or derived from the command id. */
function withId<B extends { commandId?: string }, K extends keyof B & string>(body: B, key: K, kind: string, ctx: RequestContext) {
  const { commandId: _, ...fields } = body;
  return { ...fields, [key]: newAggregateId(body[key] as string | undefined, ctx.commandId, kind) } as Omit<B, 'commandId' | K> & Record<K, string>;
}

@ApiTags('staff')
@ApiSecurity('bearer')
@Controller('staff')
export class StaffController {
  constructor(private readonly commands: CommandBus) {}

  private send(command: StaffCommand, ctx: RequestContext, occurredAt: string): Promise<CommandAnswer> {
    return answered(ctx, this.commands.execute(new StaffCommandMessage(command, { ...ctx, occurredAt })));
  }

  @Post()
  @Roles('integration')
  register(@ValidBody(registerStaffMemberBody) body: Body<typeof registerStaffMemberBody>, @Ctx() ctx: RequestContext): Promise<CommandAnswer> {
    return this.send({ type: 'RegisterStaffMember', ...withId(body, 'staffId', 'staff', ctx) }, ctx, body.hiredAt);
  }

  /** The usual worker is away: clients who want one get a replacement proposal. */
  @Post(':id/leaves')
  @Roles('integration')
  recordLeave(@Param('id', staffId) id: string, @ValidBody(recordLeaveBody) body: Body<typeof recordLeaveBody>, @Ctx() ctx: RequestContext): Promise<CommandAnswer> {
    return this.send({ type: 'RecordStaffLeave', ...withId(body, 'leaveId', 'leave', ctx), staffId: id }, ctx, body.from);
  }

  /** Demande de formation, often raised at the annual interview. */
  @Post(':id/training-requests')
  @Roles('integration')
  requestTraining(@Param('id', staffId) id: string, @ValidBody(requestTrainingBody) body: Body<typeof requestTrainingBody>, @Ctx() ctx: RequestContext) {
    return this.send({ type: 'RequestTraining', ...withId(body, 'requestId', 'training-request', ctx), staffId: id }, ctx, body.requestedAt);
  }

  /** Formation réalisée, fulfilling a request when `requestId` names one. */
  @Post(':id/trainings')
  @Roles('integration')
  recordTraining(@Param('id', staffId) id: string, @ValidBody(recordTrainingBody) body: Body<typeof recordTrainingBody>, @Ctx() ctx: RequestContext) {
    return this.send({ type: 'RecordTraining', ...withId(body, 'trainingId', 'training', ctx), staffId: id }, ctx, body.date);
  }

  /** Entretien annuel. */
  @Post(':id/annual-interviews')
  @Roles('integration')
  recordInterview(@Param('id', staffId) id: string, @ValidBody(annualInterviewBody) body: Body<typeof annualInterviewBody>, @Ctx() ctx: RequestContext) {
    return this.send({ type: 'RecordAnnualInterview', ...withId(body, 'interviewId', 'annual-interview', ctx), staffId: id }, ctx, body.heldAt);
  }
}

/** The payroll (masse salariale) of a year, per agency or for the whole organisation, sent by the payroll tool. */
@ApiTags('staff')
@ApiSecurity('bearer')
@Controller('payroll')
export class PayrollController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('integration')
  declare(@ValidBody(declarePayrollBody) body: Body<typeof declarePayrollBody>, @Ctx() ctx: RequestContext): Promise<CommandAnswer> {
    const { commandId: _, ...declaration } = body;
    const command: DeclarePayroll = { type: 'DeclarePayroll', ...declaration };
    // The body has no business date: the declaration happens when it is recorded.
    return answered(ctx, this.commands.execute(new StaffCommandMessage(command, { ...ctx, occurredAt: new Date().toISOString() })));
  }
}
