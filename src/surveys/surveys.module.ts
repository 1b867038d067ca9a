import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SurveyCommandHandler } from './survey.command-handler.js';
import { GetSurveyBenchmarkHandler, GetSurveyHandler, GetSurveyResultsHandler, ListSurveysHandler } from './survey.queries.js';
import { SurveysController } from './surveys.controller.js';

/** Satisfaction surveys (enquêtes de satisfaction): campaigns, anonymous responses, results and benchmark. */
@Module({
  imports: [CqrsModule],
  controllers: [SurveysController],
  providers: [SurveyCommandHandler, ListSurveysHandler, GetSurveyHandler, GetSurveyResultsHandler, GetSurveyBenchmarkHandler],
})
export class SurveysModule {}
