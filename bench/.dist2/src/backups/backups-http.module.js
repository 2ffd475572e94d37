var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { BackupsModule } from './backups.module.js';
import { BackupsController } from './backups.controller.js';
import { RetentionController } from './retention.controller.js';
/** The HTTP routes over BackupsModule: the server has them, the CLI does not load them (nor Swagger's decorators). */
let BackupsHttpModule = class BackupsHttpModule {
};
BackupsHttpModule = __decorate([
    Module({ imports: [BackupsModule], controllers: [RetentionController, BackupsController] })
], BackupsHttpModule);
export { BackupsHttpModule };
//# sourceMappingURL=backups-http.module.js.map