import { Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Roles } from '../http/auth.guard.js';
import { Ctx, type RequestContext } from '../http/command-context.js';
import { answered, type CommandAnswer } from '../http/command-result.interceptor.js';
import { badInput } from '../http/problem.js';
import { ReadModel } from '../http/read-model.interceptor.js';
import { ValidBody, ValidQuery, ZodValidationPipe } from '../http/zod-validation.js';
import { yearOf, today } from '../shared/dates.js';
import { indicatorFactsProjector } from './indicator-facts.projector.js';
import { GetIndicators, GetIndicatorSeries, ListQualityObjectives } from './indicators.queries.js';
import { indicatorsQuery, objectivePath, objectiveProblems, objectivesQuery, seriesQuery, setObjectiveBody } from './indicators.schemas.js';
import { QualityCommandMessage } from './quality.command-handler.js';
import { objectivesProjector } from './objectives.projector.js';

type Body<S extends z.ZodType> = z.infer<S>;
const thisYear = () => yearOf(today());

/** The quality objectives' indicators, computed from the recorded facts, against the year's targets. */
@ApiTags('quality')
@ApiSecurity('bearer')
@Controller('indicators')
export class IndicatorsController {
  constructor(private readonly queries: QueryBus) {}

  /** The eight indicators of a year (this year by default), for an agency or the whole organisation. */
  @Get()
  @Roles('quality', 'auditor')
  @ReadModel(indicatorFactsProjector.name, objectivesProjector.name)
  indicators(@ValidQuery(indicatorsQuery) { year = thisYear(), agency }: Body<typeof indicatorsQuery>) {
    return this.queries.execute(new GetIndicators(year, agency));
  }

  /** One indicator over the years on record: the trend a certifier looks at. */
  @Get('series')
  @Roles('quality', 'auditor')
  @ReadModel(indicatorFactsProjector.name, objectivesProjector.name)
  series(@ValidQuery(seriesQuery) { key, agency }: Body<typeof seriesQuery>) {
    return this.queries.execute(new GetIndicatorSeries(key, agency));
  }
}

/** Objectifs qualité: target, owner, due date and planned actions of each indicator, per year. */
@ApiTags('quality')
@ApiSecurity('bearer')
@Controller('quality-objectives')
export class QualityObjectivesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put(':year/:indicator')
  @Roles('quality')
  set(
    @Param(new ZodValidationPipe(objectivePath)) path: Body<typeof objectivePath>,
    @ValidBody(setObjectiveBody) body: Body<typeof setObjectiveBody>,
    @Ctx() ctx: RequestContext,
  ): Promise<CommandAnswer> {
    const problems = objectiveProblems(path, body);
    if (problems.length) throw badInput(problems);
    const { commandId: _, actions = [], ...objective } = body;
    const command = { type: 'SetQualityObjective' as const, ...path, ...objective, actions };
    // A decision taken when it is recorded.
    return answered(ctx, this.commands.execute(new QualityCommandMessage(command, { ...ctx, occurredAt: new Date().toISOString() })));
  }

  @Get()
  @Roles('quality', 'auditor')
  @ReadModel(objectivesProjector.name)
  list(@ValidQuery(objectivesQuery) { year = thisYear() }: Body<typeof objectivesQuery>) {
    return this.queries.execute(new ListQualityObjectives(year));
  }
}
