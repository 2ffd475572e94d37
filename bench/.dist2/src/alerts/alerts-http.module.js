var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { AlertsModule } from './alerts.module.js';
import { AlertsController } from './alerts.controller.js';
/** The HTTP routes over AlertsModule: the server has them, the CLI does not load them (nor Swagger's decorators). */
let AlertsHttpModule = class AlertsHttpModule {
};
AlertsHttpModule = __decorate([
    Module({ imports: [AlertsModule], controllers: [AlertsController] })
], AlertsHttpModule);
export { AlertsHttpModule };
//# sourceMappingURL=alerts-http.module.js.map