var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsModule } from './metrics.module.js';
/** GET /metrics over MetricsModule: the server has it, the CLI does not load it (nor Swagger's decorators). */
let MetricsHttpModule = class MetricsHttpModule {
};
MetricsHttpModule = __decorate([
    Module({ imports: [MetricsModule], controllers: [MetricsController] })
], MetricsHttpModule);
export { MetricsHttpModule };
//# sourceMappingURL=metrics-http.module.js.map