import { Controller, Get } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../http/auth.guard.js';
import { ReadModel } from '../http/read-model.interceptor.js';
import { isoDate, pagination, text } from '../http/schemas.js';
import { ValidQuery } from '../http/zod-validation.js';
import { today } from '../shared/dates.js';
import { AlertsRegistry } from './alerts.registry.js';

const alertsQuery = z
  .object({ agency: text(100).optional(), kind: text(100).optional(), today: isoDate.optional(), minPosition: pagination.minPosition })
  .strict();

@ApiTags('alerts')
@ApiSecurity('bearer')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly registry: AlertsRegistry) {}

  /** `today` may be given to see the alerts as they stand on another day (planning, tests). */
  @Get()
  @Roles('quality', 'auditor')
  @ReadModel()
  async list(@ValidQuery(alertsQuery) query: z.infer<typeof alertsQuery>) {
    const day = query.today ?? today();
    const alerts = (await this.registry.alerts({ agency: query.agency, today: day })).filter((a) => !query.kind || a.kind === query.kind);
    return { today: day, alerts };
  }
}
