import { Controller, Get, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { Roles } from '../http/auth.guard.js';
import { ReadModel } from '../http/read-model.interceptor.js';
import { ValidQuery } from '../http/zod-validation.js';
import { accessLogProjector } from './access-log.js';
import { ListAccessLog } from './access-log.queries.js';
import { RecordsConsultation } from './access-log.service.js';
import { accessLogQuery, exportQuery } from './audit.schemas.js';
import { ndjsonFile, periodPages } from './ndjson.js';

/** The whole log for an auditor to take away, and who read it. */
@ApiTags('audit')
@ApiSecurity('bearer')
@Controller('audit')
export class ExportController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: QueryBus,
  ) {}

  /**
   * Every event recorded from `from` to `to` (UTC dates of `recordedAt`, both included, either
   * open), one stored event per line, read page by page: the log as it stood when asked.
   */
  @Get('export')
  @Roles('auditor')
  @RecordsConsultation()
  @ApiProduces('application/x-ndjson')
  async export(@ValidQuery(exportQuery) query: z.infer<typeof exportQuery>) {
    const upTo = await this.store.headPosition();
    const name = `qualirec-log-${query.from ?? 'start'}-${query.to ?? 'now'}.ndjson`;
    return ndjsonFile(periodPages(this.store, { upTo, from: query.from, to: query.to }), name);
  }

  /** Who consulted the log (admin only): `clientId`, `actor` (a key's name), `from`/`to` (days of the consultation). */
  @Get('access-log')
  @Roles()
  @ReadModel(accessLogProjector.name)
  accessLog(@ValidQuery(accessLogQuery) query: z.infer<typeof accessLogQuery>) {
    return this.queries.execute(new ListAccessLog(query));
  }
}
