var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Global, Injectable, Module } from '@nestjs/common';
import { InventorySafetyNet } from '../inventory/import/inventory-safety-net.js';
import { BackupsModule } from './backups.module.js';
import { BackupsService } from './backups.service.js';
/** The inventory's safety net is a pinned inventory backup, kept for the trash window. */
let PinnedBackupSafetyNet = class PinnedBackupSafetyNet extends InventorySafetyNet {
    backups;
    constructor(backups) {
        super();
        this.backups = backups;
    }
    keepCurrent(owner, reason) {
        return this.backups.keepCurrentInventory(owner, reason);
    }
};
PinnedBackupSafetyNet = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [BackupsService])
], PinnedBackupSafetyNet);
export { PinnedBackupSafetyNet };
/** Global so the inventory controller (below backups) can use it through its own abstract contract. */
let InventorySafetyNetModule = class InventorySafetyNetModule {
};
InventorySafetyNetModule = __decorate([
    Global(),
    Module({
        imports: [BackupsModule],
        providers: [{ provide: InventorySafetyNet, useClass: PinnedBackupSafetyNet }],
        exports: [InventorySafetyNet],
    })
], InventorySafetyNetModule);
export { InventorySafetyNetModule };
//# sourceMappingURL=inventory-safety-net.module.js.map