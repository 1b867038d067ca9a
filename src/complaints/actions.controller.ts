import { Controller, Get, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import type { CommandResult } from '../event-store/command-executor.service.js';
import { Roles } from '../http/auth.guard.js';
import { Ctx, type RequestContext } from '../http/command-context.js';
import { answered, type CommandAnswer } from '../http/command-result.interceptor.js';
import { ReadModel } from '../http/read-model.interceptor.js';
import { id } from '../http/schemas.js';
import { ValidBody, ValidQuery, ZodValidationPipe } from '../http/zod-validation.js';
import { today } from '../shared/dates.js';
import { newAggregateId } from '../shared/ids.js';
import { ActionCommandMessage, type ActionRequest } from './action.command-handler.js';
import type { OpenAction } from './action.decider.js';
import { actionProjector } from './action.projector.js';
import { GetAction, ListActions } from './complaint.queries.js';
import { completeActionBody, listActionsQuery, openActionBody } from './complaint.schemas.js';

const validId = new ZodValidationPipe(id);
type OpenActionBody = z.infer<typeof openActionBody>;

/** Sends an improvement action command and answers with its result; shared by `/actions` and the complaint shortcuts. */
export function sendAction(commands: CommandBus, request: ActionRequest, ctx: RequestContext, occurredAt: string): Promise<CommandAnswer> {
  return answered(ctx, commands.execute<ActionCommandMessage, CommandResult>(new ActionCommandMessage(request, { ...ctx, occurredAt })));
}

/** `POST /actions` and `POST /complaints/{id}/actions` alike: the id, and the opening date (today unless given). */
export function openActionRequest(body: Omit<OpenActionBody, 'origin'>, origin: OpenActionBody['origin'], ctx: RequestContext): OpenAction {
  const { commandId: _, ...fields } = body;
  const actionId = newAggregateId(body.actionId, ctx.commandId, 'action');
  return { type: 'OpenAction', ...fields, origin, actionId, openedAt: body.openedAt ?? today() };
}

/** Improvement actions (actions correctives et préventives), whatever their origin. */
@ApiTags('actions')
@ApiSecurity('bearer')
@Controller('actions')
export class ActionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('integration')
  open(@ValidBody(openActionBody) body: z.infer<typeof openActionBody>, @Ctx() ctx: RequestContext) {
    const { origin, ...fields } = body;
    const request = openActionRequest(fields, origin, ctx);
    return sendAction(this.commands, request, ctx, request.openedAt);
  }

  @Post(':id/complete')
  @Roles('integration')
  complete(@Param('id', validId) id: string, @ValidBody(completeActionBody) body: z.infer<typeof completeActionBody>, @Ctx() ctx: RequestContext) {
    return sendAction(this.commands, { type: 'CompleteAction', actionId: id, at: body.at, effective: body.effective }, ctx, body.at);
  }

  @Get()
  @Roles('quality', 'auditor')
  @ReadModel(actionProjector.name)
  list(@ValidQuery(listActionsQuery) query: z.infer<typeof listActionsQuery>) {
    return this.queries.execute(new ListActions(query));
  }

  @Get(':id')
  @Roles('quality', 'auditor')
  @ReadModel(actionProjector.name)
  get(@Param('id', validId) id: string) {
    return this.queries.execute(new GetAction(id));
  }
}
