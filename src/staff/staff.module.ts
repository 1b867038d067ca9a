import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { StaffCommandHandler } from './staff.command-handler.js';
import { StaffController } from './staff.controller.js';

/** Staff members, and later their training, leave, interviews and payroll. */
@Module({ imports: [CqrsModule], controllers: [StaffController], providers: [StaffCommandHandler] })
export class StaffModule {}
