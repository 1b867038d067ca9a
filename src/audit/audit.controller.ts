import { Controller, Get, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../http/auth.guard.js';
import { Ctx, type RequestContext } from '../http/command-context.js';
import { answered, CommandResultInterceptor } from '../http/command-result.interceptor.js';
import { commandId, dateOrInstant, id, text } from '../http/schemas.js';
import { ValidBody, ZodValidationPipe } from '../http/zod-validation.js';
import { BusinessRuleViolation } from '../shared/domain-errors.js';
import { AuditService } from './audit.service.js';
import { ErasureService } from './erasure.service.js';

const eraseBody = z.object({ ...commandId, requestedAt: dateOrInstant, by: text(200) }).strict();

@ApiTags('audit')
@ApiSecurity('bearer')
@Controller()
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly erasure: ErasureService,
  ) {}

  /** Re-reads the whole log: every hash, every link between events of a stream, every seal. */
  @Get('audit/verify')
  @Roles('auditor')
  verify() {
    return this.audit.verify();
  }

  /** Records a seal now (they are also recorded periodically). */
  @Post('audit/seals')
  @Roles()
  @UseInterceptors(CommandResultInterceptor)
  async seal() {
    const result = await this.audit.seal();
    if (!result) throw new BusinessRuleViolation('seal-moves-forward', 'The last seal already covers the whole log');
    return result;
  }

  /** GDPR erasure (admin only): the client's key is destroyed; facts, indicators and the hash chain stay. */
  @Post('clients/:id/erase')
  @Roles()
  erase(@Param('id', new ZodValidationPipe(id)) clientId: string, @ValidBody(eraseBody) body: z.infer<typeof eraseBody>, @Ctx() ctx: RequestContext) {
    return answered(ctx, this.erasure.erase(clientId, { requestedAt: body.requestedAt, by: body.by }, ctx));
  }
}
