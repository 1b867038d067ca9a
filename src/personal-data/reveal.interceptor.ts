import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { from, type Observable, switchMap } from 'rxjs';
import { PersonalDataVault } from './personal-data.vault.js';

/**
 * Personal fields travel sealed through the log and the read models; they are opened only here,
 * on the way out to a holder of an API key (or shown as erased).
 */
@Injectable()
export class RevealInterceptor implements NestInterceptor {
  constructor(private readonly vault: PersonalDataVault) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(switchMap((body) => from(this.vault.reveal(body))));
  }
}
