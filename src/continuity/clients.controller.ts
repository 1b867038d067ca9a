import { Controller, Get, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import type { CommandResult } from '../event-store/command-executor.service.js';
import { Roles } from '../http/auth.guard.js';
import { Ctx, type RequestContext } from '../http/command-context.js';
import { CommandResultInterceptor } from '../http/command-result.interceptor.js';
import { ReadModel } from '../http/read-model.interceptor.js';
import { id } from '../http/schemas.js';
import { ValidBody, ValidQuery, ZodValidationPipe } from '../http/zod-validation.js';
import { newAggregateId } from '../shared/ids.js';
import { clientFileProjector } from './client-file.projector.js';
import { ClientCommandMessage } from './client.command-handler.js';
import { GetClientFile, ListClients } from './client.queries.js';
import { listClientsQuery, registerClientBody } from './client.schemas.js';

@ApiTags('clients')
@ApiSecurity('bearer')
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('integration')
  @UseInterceptors(CommandResultInterceptor)
  register(@ValidBody(registerClientBody) body: z.infer<typeof registerClientBody>, @Ctx() ctx: RequestContext): Promise<CommandResult> {
    const { commandId: _, ...details } = body;
    const clientId = newAggregateId(body.clientId, ctx.commandId, 'client');
    return this.commands.execute(
      new ClientCommandMessage({ type: 'RegisterClient', ...details, clientId }, { ...ctx, occurredAt: new Date().toISOString() }),
    );
  }

  @Get()
  @Roles('quality', 'auditor')
  @ReadModel(clientFileProjector.name)
  list(@ValidQuery(listClientsQuery) query: z.infer<typeof listClientsQuery>) {
    return this.queries.execute(new ListClients(query));
  }

  @Get(':id')
  @Roles('quality', 'auditor')
  @ReadModel(clientFileProjector.name)
  get(@Param('id', new ZodValidationPipe(id)) clientId: string) {
    return this.queries.execute(new GetClientFile(clientId));
  }
}
