import { Module } from '@nestjs/common';
import { HistoryController } from './history.controller.js';

/** The auditor's tools: history now; state at an instant, verification and export next. */
@Module({ controllers: [HistoryController] })
export class AuditModule {}
