import { type DynamicModule, Module } from '@nestjs/common';
import { AlertsModule } from './alerts/alerts.module.js';
import { AuditModule } from './audit/audit.module.js';
import { ComplaintsModule } from './complaints/complaints.module.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { ContinuityModule } from './continuity/continuity.module.js';
import { ContractsModule } from './contracts/contracts.module.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { HealthModule } from './health/health.module.js';
import { HttpModule } from './http/http.module.js';
import { PersonalDataModule } from './personal-data/personal-data.module.js';
import { ProjectionsModule } from './projections/projections.module.js';
import { QualityModule } from './quality/quality.module.js';
import { projectors } from './projectors.js';
import { ReadStoreModule } from './read-store/read-store.module.js';
import { StaffModule } from './staff/staff.module.js';
import { SurveysModule } from './surveys/surveys.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        EventStoreModule,
        ReadStoreModule,
        PersonalDataModule,
        ProjectionsModule.forRoot(projectors),
        HttpModule,
        AlertsModule,
        ContinuityModule,
        ContractsModule,
        StaffModule,
        ComplaintsModule,
        QualityModule,
        SurveysModule,
        AuditModule,
        HealthModule,
      ],
    };
  }
}
