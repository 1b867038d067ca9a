import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ActionCommandHandler } from './action.command-handler.js';
import { ActionsController } from './actions.controller.js';
import { ComplaintCommandHandler } from './complaint.command-handler.js';
import {
  ComplaintAlertSource,
  GetActionHandler,
  GetComplaintFiguresHandler,
  GetComplaintHandler,
  ListActionsHandler,
  ListComplaintsHandler,
} from './complaint.queries.js';
import { ComplaintsController } from './complaints.controller.js';

/** Complaints (réclamations) and the improvement actions (actions correctives et préventives) whatever their origin. */
@Module({
  imports: [CqrsModule],
  controllers: [ComplaintsController, ActionsController],
  providers: [
    ComplaintCommandHandler,
    ActionCommandHandler,
    ListComplaintsHandler,
    GetComplaintHandler,
    GetComplaintFiguresHandler,
    ListActionsHandler,
    GetActionHandler,
    ComplaintAlertSource,
  ],
})
export class ComplaintsModule {}
