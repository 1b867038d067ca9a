import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HistoryController } from './history.controller.js';
import { AccessLog, ConsultationInterceptor } from './access-log.service.js';
import { ListAccessLogHandler } from './access-log.queries.js';
import { ExportController } from './export.controller.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { ErasureService } from './erasure.service.js';

/** The auditor's tools: history, state at an instant, export, access log, verification, seals, erasure. */
@Module({
  imports: [CqrsModule],
  controllers: [HistoryController, AuditController, ExportController],
  providers: [AuditService, ErasureService, AccessLog, ConsultationInterceptor, ListAccessLogHandler],
})
export class AuditModule {}
