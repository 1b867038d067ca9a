import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { QualityCommandHandler } from './quality.command-handler.js';
import { NewslettersController, QualityMeetingsController } from './quality.controller.js';
import { GetQualityMeetingHandler, ListNewslettersHandler, ListQualityMeetingsHandler } from './quality.queries.js';
import { IndicatorsController, QualityObjectivesController } from './indicators.controller.js';
import { GetIndicatorSeriesHandler, GetIndicatorsHandler, ListQualityObjectivesHandler } from './indicators.queries.js';

/**
 * The quality system's own records: quality meetings, internal newsletters, quality
 * objectives and the indicators computed against them.
 */
@Module({
  imports: [CqrsModule],
  controllers: [QualityMeetingsController, NewslettersController, IndicatorsController, QualityObjectivesController],
  providers: [
    QualityCommandHandler,
    ListQualityMeetingsHandler,
    GetQualityMeetingHandler,
    ListNewslettersHandler,
    GetIndicatorsHandler,
    GetIndicatorSeriesHandler,
    ListQualityObjectivesHandler,
  ],
})
export class QualityModule {}
