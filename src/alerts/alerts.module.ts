import { Global, Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller.js';
import { AlertsRegistry } from './alerts.registry.js';

/** `GET /alerts`: every part of the domain registers what it wants acted upon. */
@Global()
@Module({ controllers: [AlertsController], providers: [AlertsRegistry], exports: [AlertsRegistry] })
export class AlertsModule {}
