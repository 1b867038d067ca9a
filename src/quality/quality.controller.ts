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
import { QualityCommandMessage } from './quality.command-handler.js';
import { newsletterProjector, qualityMeetingProjector } from './quality.projectors.js';
import { GetQualityMeeting, ListNewsletters, ListQualityMeetings } from './quality.queries.js';
import { listNewslettersQuery, listQualityMeetingsQuery, publishNewsletterBody, recordQualityMeetingBody } from './quality.schemas.js';

/** Quality meetings: working groups with field staff, management reviews (revues de direction). */
@ApiTags('quality')
@ApiSecurity('bearer')
@Controller('quality-meetings')
export class QualityMeetingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('integration')
  record(@ValidBody(recordQualityMeetingBody) body: z.infer<typeof recordQualityMeetingBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, decisions = [], complaintIds = [], actionIds = [], ...fields } = body;
    const meetingId = newAggregateId(body.meetingId, ctx.commandId, 'meeting');
    const command = { type: 'RecordQualityMeeting' as const, ...fields, meetingId, decisions, complaintIds, actionIds };
    return answered(ctx, this.commands.execute(new QualityCommandMessage(command, { ...ctx, occurredAt: body.heldAt })));
  }

  @Get()
  @Roles('quality', 'auditor')
  @ReadModel(qualityMeetingProjector.name)
  list(@ValidQuery(listQualityMeetingsQuery) query: z.infer<typeof listQualityMeetingsQuery>) {
    return this.queries.execute(new ListQualityMeetings(query));
  }

  @Get(':id')
  @Roles('quality', 'auditor')
  @ReadModel(qualityMeetingProjector.name)
  get(@Param('id', new ZodValidationPipe(id)) meetingId: string) {
    return this.queries.execute(new GetQualityMeeting(meetingId));
  }
}

/** The internal newsletter (journal interne "entre nous"). */
@ApiTags('quality')
@ApiSecurity('bearer')
@Controller('newsletters')
export class NewslettersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('integration')
  publish(@ValidBody(publishNewsletterBody) body: z.infer<typeof publishNewsletterBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...fields } = body;
    const newsletterId = newAggregateId(body.newsletterId, ctx.commandId, 'newsletter');
    const command = { type: 'PublishNewsletter' as const, ...fields, newsletterId };
    return answered(ctx, this.commands.execute(new QualityCommandMessage(command, { ...ctx, occurredAt: body.publishedAt })));
  }

  @Get()
  @Roles('quality', 'auditor')
  @ReadModel(newsletterProjector.name)
  list(@ValidQuery(listNewslettersQuery) query: z.infer<typeof listNewslettersQuery>) {
    return this.queries.execute(new ListNewsletters(query));
  }
}
