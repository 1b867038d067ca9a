import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { QualityCommandHandler } from './quality.command-handler.js';
import { NewslettersController, QualityMeetingsController } from './quality.controller.js';
import { GetQualityMeetingHandler, ListNewslettersHandler, ListQualityMeetingsHandler } from './quality.queries.js';

/**
 * The quality system's own records: quality meetings and internal newsletters today; quality
 * objectives and indicators join here (add their controllers and providers to the lists).
 */
@Module({
  imports: [CqrsModule],
  controllers: [QualityMeetingsController, NewslettersController],
  providers: [QualityCommandHandler, ListQualityMeetingsHandler, GetQualityMeetingHandler, ListNewslettersHandler],
})
export class QualityModule {}
