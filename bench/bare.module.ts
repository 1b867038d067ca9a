import { Body, Controller, Module, Post } from '@nestjs/common';

/** The reference route: same Nest + Fastify stack, JSON body parsed, no guard, no pipe, no store. */
@Controller()
export class BareController {
  @Post('bare')
  bare(@Body() body: unknown): { ok: true; received: boolean } {
    return { ok: true, received: body !== undefined };
  }
}

@Module({ controllers: [BareController] })
export class BareModule {}
