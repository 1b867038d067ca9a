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
import { openActionRequest, sendAction } from './actions.controller.js';
import { ComplaintCommandMessage, type ComplaintRequest } from './complaint.command-handler.js';
import { complaintProjector } from './complaint.projector.js';
import { GetComplaint, GetComplaintFigures, ListComplaints } from './complaint.queries.js';
import {
  acknowledgeComplaintBody,
  closeComplaintBody,
  completeActionBody,
  complaintFiguresQuery,
  listComplaintsQuery,
  logComplaintBody,
  openComplaintActionBody,
  reopenComplaintBody,
  respondToComplaintBody,
} from './complaint.schemas.js';

const validId = new ZodValidationPipe(id);
type Body<S extends z.ZodType> = z.infer<S>;

@ApiTags('complaints')
@ApiSecurity('bearer')
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private send(request: ComplaintRequest, ctx: RequestContext, occurredAt: string): Promise<CommandAnswer> {
    return answered(ctx, this.commands.execute(new ComplaintCommandMessage(request, { ...ctx, occurredAt })));
  }

  @Post()
  @Roles('integration')
  log(@ValidBody(logComplaintBody) body: Body<typeof logComplaintBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...fields } = body;
    const complaintId = newAggregateId(body.complaintId, ctx.commandId, 'complaint');
    return this.send({ type: 'LogComplaint', ...fields, complaintId }, ctx, body.receivedAt);
  }

  @Post(':id/acknowledge')
  @Roles('integration')
  acknowledge(@Param('id', validId) id: string, @ValidBody(acknowledgeComplaintBody) body: Body<typeof acknowledgeComplaintBody>, @Ctx() ctx: RequestContext) {
    return this.send({ type: 'AcknowledgeComplaint', complaintId: id, at: body.at, by: body.by }, ctx, body.at);
  }

  @Post(':id/respond')
  @Roles('integration')
  respond(@Param('id', validId) id: string, @ValidBody(respondToComplaintBody) body: Body<typeof respondToComplaintBody>, @Ctx() ctx: RequestContext) {
    return this.send({ type: 'RespondToComplaint', complaintId: id, at: body.at, by: body.by, response: body.response }, ctx, body.at);
  }

  @Post(':id/close')
  @Roles('integration')
  close(@Param('id', validId) id: string, @ValidBody(closeComplaintBody) body: Body<typeof closeComplaintBody>, @Ctx() ctx: RequestContext) {
    return this.send({ type: 'CloseComplaint', complaintId: id, at: body.at }, ctx, body.at);
  }

  @Post(':id/reopen')
  @Roles('integration')
  reopen(@Param('id', validId) id: string, @ValidBody(reopenComplaintBody) body: Body<typeof reopenComplaintBody>, @Ctx() ctx: RequestContext) {
    return this.send({ type: 'ReopenComplaint', complaintId: id, at: body.at, reason: body.reason }, ctx, body.at);
  }

  /** Shortcut of `POST /actions` with this complaint as origin. */
  @Post(':id/actions')
  @Roles('integration')
  openAction(@Param('id', validId) id: string, @ValidBody(openComplaintActionBody) body: Body<typeof openComplaintActionBody>, @Ctx() ctx: RequestContext) {
    const request = openActionRequest(body, { type: 'complaint', id }, ctx);
    return sendAction(this.commands, request, ctx, request.openedAt);
  }

  /** Shortcut of `POST /actions/{actionId}/complete`; 404 unless the action is this complaint's. */
  @Post(':id/actions/:actionId/complete')
  @Roles('integration')
  completeAction(
    @Param('id', validId) id: string,
    @Param('actionId', validId) actionId: string,
    @ValidBody(completeActionBody) body: Body<typeof completeActionBody>,
    @Ctx() ctx: RequestContext,
  ) {
    return sendAction(this.commands, { type: 'CompleteAction', actionId, at: body.at, effective: body.effective, complaintId: id }, ctx, body.at);
  }

  @Get()
  @Roles('quality', 'auditor')
  @ReadModel(complaintProjector.name)
  list(@ValidQuery(listComplaintsQuery) query: z.infer<typeof listComplaintsQuery>) {
    return this.queries.execute(new ListComplaints(query));
  }

  /** The year's figures; `today` (default: the server's) decides which pending deadlines already count as missed. */
  @Get('figures')
  @Roles('quality', 'auditor')
  @ReadModel(complaintProjector.name)
  figures(@ValidQuery(complaintFiguresQuery) query: z.infer<typeof complaintFiguresQuery>) {
    return this.queries.execute(new GetComplaintFigures(query));
  }

  @Get(':id')
  @Roles('quality', 'auditor')
  @ReadModel(complaintProjector.name)
  get(@Param('id', validId) id: string) {
    return this.queries.execute(new GetComplaint(id));
  }
}
