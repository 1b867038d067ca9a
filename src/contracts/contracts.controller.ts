import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../http/auth.guard.js';
import { Ctx, type RequestContext } from '../http/command-context.js';
import { answered, type CommandAnswer } from '../http/command-result.interceptor.js';
import { ReadModel } from '../http/read-model.interceptor.js';
import { id } from '../http/schemas.js';
import { ValidBody, ValidQuery, ZodValidationPipe } from '../http/zod-validation.js';
import { newAggregateId } from '../shared/ids.js';
import type { ContractRequest } from './contract.commands.js';
import { ContractCommandMessage } from './contract.command-handler.js';
import { GetContract, ListContracts } from './contract.queries.js';
import {
  amendContractBody,
  draftContractBody,
  listContractsQuery,
  resumeContractBody,
  signContractBody,
  suspendContractBody,
  terminateContractBody,
  validateContractBody,
} from './contract.schemas.js';
import { contractStatusProjector } from './contract-status.projector.js';

const contractId = new ZodValidationPipe(id);
type Body<S extends z.ZodType> = z.infer<S>;

@ApiTags('contracts')
@ApiSecurity('bearer')
@Controller('contracts')
export class ContractsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private send(command: ContractRequest, ctx: RequestContext, occurredAt: string): Promise<CommandAnswer> {
    return answered(ctx, this.commands.execute(new ContractCommandMessage(command, { ...ctx, occurredAt })));
  }

  @Post()
  @Roles('integration')
  draft(@ValidBody(draftContractBody) body: Body<typeof draftContractBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...fields } = body;
    const contractId = newAggregateId(body.contractId, ctx.commandId, 'contract');
    return this.send({ type: 'DraftContract', ...fields, contractId }, ctx, body.startDate);
  }

  @Post(':id/validate')
  @Roles('integration')
  validate(@Param('id', contractId) id: string, @ValidBody(validateContractBody) body: Body<typeof validateContractBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...fields } = body;
    return this.send({ type: 'ValidateContract', contractId: id, ...fields }, ctx, body.validatedAt);
  }

  @Post(':id/sign')
  @Roles('integration')
  sign(@Param('id', contractId) id: string, @ValidBody(signContractBody) body: Body<typeof signContractBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...fields } = body;
    return this.send({ type: 'SignContract', contractId: id, ...fields }, ctx, body.signedAt);
  }

  @Post(':id/amend')
  @Roles('integration')
  amend(@Param('id', contractId) id: string, @ValidBody(amendContractBody) body: Body<typeof amendContractBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...fields } = body;
    const amendmentId = newAggregateId(body.amendmentId, ctx.commandId, 'amendment');
    return this.send({ type: 'AmendContract', contractId: id, ...fields, amendmentId }, ctx, body.signedAt);
  }

  @Post(':id/suspend')
  @Roles('integration')
  suspend(@Param('id', contractId) id: string, @ValidBody(suspendContractBody) body: Body<typeof suspendContractBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...fields } = body;
    return this.send({ type: 'SuspendContract', contractId: id, ...fields }, ctx, body.from);
  }

  @Post(':id/resume')
  @Roles('integration')
  resume(@Param('id', contractId) id: string, @ValidBody(resumeContractBody) body: Body<typeof resumeContractBody>, @Ctx() ctx: RequestContext) {
    return this.send({ type: 'ResumeContract', contractId: id, at: body.at }, ctx, body.at);
  }

  @Post(':id/terminate')
  @Roles('integration')
  terminate(@Param('id', contractId) id: string, @ValidBody(terminateContractBody) body: Body<typeof terminateContractBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...fields } = body;
    return this.send({ type: 'TerminateContract', contractId: id, ...fields }, ctx, body.effectiveAt);
  }

  @Get()
  @Roles('quality', 'auditor')
  @ReadModel(contractStatusProjector.name)
  list(@ValidQuery(listContractsQuery) query: z.infer<typeof listContractsQuery>) {
    return this.queries.execute(new ListContracts(query));
  }

  @Get(':id')
  @HttpCode(200)
  @Roles('quality', 'auditor')
  @ReadModel(contractStatusProjector.name)
  get(@Param('id', contractId) id: string) {
    return this.queries.execute(new GetContract(id));
  }
}
