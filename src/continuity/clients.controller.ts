import { Controller, Get, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Roles } from '../http/auth.guard.js';
import { Ctx, type RequestContext } from '../http/command-context.js';
import { answered, type CommandAnswer } from '../http/command-result.interceptor.js';
import { ReadModel } from '../http/read-model.interceptor.js';
import { id } from '../http/schemas.js';
import { ValidBody, ValidQuery, ZodValidationPipe } from '../http/zod-validation.js';
import { newAggregateId } from '../shared/ids.js';
import { clientFileProjector } from './client-file.projector.js';
import type { ClientCommand } from './client.commands.js';
import { ClientCommandMessage } from './client.command-handler.js';
import { GetClientFile, ListClients } from './client.queries.js';
import {
  acknowledgeChangeBody,
  birthdayCardBody,
  followUpVisitBody,
  listClientsQuery,
  preferencesBody,
  proposeReplacementBody,
  registerClientBody,
  replacementRequestBody,
  reportChangeBody,
} from './client.schemas.js';

const validId = new ZodValidationPipe(id);
type Body<S extends z.ZodType> = z.infer<S>;

@ApiTags('clients')
@ApiSecurity('bearer')
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private send(command: ClientCommand, ctx: RequestContext, occurredAt: string): Promise<CommandAnswer> {
    return answered(ctx, this.commands.execute(new ClientCommandMessage(command, { ...ctx, occurredAt })));
  }

  @Post()
  @Roles('integration')
  register(@ValidBody(registerClientBody) body: Body<typeof registerClientBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...details } = body;
    const clientId = newAggregateId(body.clientId, ctx.commandId, 'client');
    return this.send({ type: 'RegisterClient', ...details, clientId }, ctx, new Date().toISOString());
  }

  /** Changement de situation: a move, an absence, a hospitalisation, a death… */
  @Post(':id/changes-of-situation')
  @Roles('integration')
  reportChange(@Param('id', validId) clientId: string, @ValidBody(reportChangeBody) body: Body<typeof reportChangeBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...change } = body;
    const changeId = newAggregateId(body.changeId, ctx.commandId, 'change');
    return this.send({ type: 'ReportChangeOfSituation', ...change, clientId, changeId }, ctx, body.reportedAt);
  }

  @Post(':id/changes-of-situation/:changeId/acknowledge')
  @Roles('integration')
  acknowledgeChange(
    @Param('id', validId) clientId: string,
    @Param('changeId', validId) changeId: string,
    @ValidBody(acknowledgeChangeBody) body: Body<typeof acknowledgeChangeBody>,
    @Ctx() ctx: RequestContext,
  ) {
    return this.send({ type: 'AcknowledgeChangeOfSituation', clientId, changeId, acknowledgedAt: body.acknowledgedAt, by: body.by }, ctx, body.acknowledgedAt);
  }

  @Post(':id/follow-up-visits')
  @Roles('integration')
  recordVisit(@Param('id', validId) clientId: string, @ValidBody(followUpVisitBody) body: Body<typeof followUpVisitBody>, @Ctx() ctx: RequestContext) {
    const visitId = newAggregateId(body.visitId, ctx.commandId, 'visit');
    return this.send({ type: 'RecordFollowUpVisit', clientId, visitId, visitedAt: body.visitedAt, by: body.by }, ctx, body.visitedAt);
  }

  @Post(':id/birthday-cards')
  @Roles('integration')
  recordBirthdayCard(@Param('id', validId) clientId: string, @ValidBody(birthdayCardBody) body: Body<typeof birthdayCardBody>, @Ctx() ctx: RequestContext) {
    return this.send({ type: 'RecordBirthdayCard', clientId, sentAt: body.sentAt }, ctx, body.sentAt);
  }

  @Post(':id/replacement-requests')
  @Roles('integration')
  requestReplacement(
    @Param('id', validId) clientId: string,
    @ValidBody(replacementRequestBody) body: Body<typeof replacementRequestBody>,
    @Ctx() ctx: RequestContext,
  ) {
    const { commandId: _, ...request } = body;
    const requestId = newAggregateId(body.requestId, ctx.commandId, 'replacement-request');
    return this.send({ type: 'RequestReplacement', ...request, clientId, requestId }, ctx, body.requestedAt);
  }

  @Post(':id/replacement-requests/:requestId/propose')
  @Roles('integration')
  proposeReplacement(
    @Param('id', validId) clientId: string,
    @Param('requestId', validId) requestId: string,
    @ValidBody(proposeReplacementBody) body: Body<typeof proposeReplacementBody>,
    @Ctx() ctx: RequestContext,
  ) {
    const { commandId: _, ...proposal } = body;
    return this.send({ type: 'ProposeReplacement', ...proposal, clientId, requestId }, ctx, body.proposedAt);
  }

  /** The client's wishes change: no more second visit, now a dependent person… */
  @Post(':id/preferences')
  @Roles('integration')
  changePreferences(@Param('id', validId) clientId: string, @ValidBody(preferencesBody) body: Body<typeof preferencesBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...preferences } = body;
    return this.send({ type: 'ChangeClientPreferences', ...preferences, clientId }, ctx, body.effectiveFrom);
  }

  @Get()
  @Roles('quality', 'auditor')
  @ReadModel(clientFileProjector.name)
  list(@ValidQuery(listClientsQuery) query: Body<typeof listClientsQuery>) {
    return this.queries.execute(new ListClients(query));
  }

  @Get(':id')
  @Roles('quality', 'auditor')
  @ReadModel(clientFileProjector.name)
  get(@Param('id', validId) clientId: string) {
    return this.queries.execute(new GetClientFile(clientId));
  }
}
