import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { StaffCommandHandler } from './staff.command-handler.js';
import { PayrollController, StaffController } from './staff.controller.js';

/** Staff members, their leave, training requests, trainings and annual interviews; the payroll. */
@Module({ imports: [CqrsModule], controllers: [StaffController, PayrollController], providers: [StaffCommandHandler] })
export class StaffModule {}
