var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Column, Entity, PrimaryColumn } from 'typeorm';
/** One running process of the app (a server or a CLI command), renewed while it lives, removed when it stops. */
let AppInstance = class AppInstance {
    /** host:pid:random, unique per process. */
    id;
    kind;
    host;
    pid;
    version;
    startedAt;
    lastSeenAt;
};
__decorate([
    PrimaryColumn({ type: 'varchar', length: 80 }),
    __metadata("design:type", String)
], AppInstance.prototype, "id", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], AppInstance.prototype, "kind", void 0);
__decorate([
    Column({ type: 'varchar', length: 255 }),
    __metadata("design:type", String)
], AppInstance.prototype, "host", void 0);
__decorate([
    Column({ type: 'int' }),
    __metadata("design:type", Number)
], AppInstance.prototype, "pid", void 0);
__decorate([
    Column({ type: 'varchar', length: 32 }),
    __metadata("design:type", String)
], AppInstance.prototype, "version", void 0);
__decorate([
    Column({ name: 'started_at', type: Date }),
    __metadata("design:type", Date)
], AppInstance.prototype, "startedAt", void 0);
__decorate([
    Column({ name: 'last_seen_at', type: Date }),
    __metadata("design:type", Date)
], AppInstance.prototype, "lastSeenAt", void 0);
AppInstance = __decorate([
    Entity('app_instances')
], AppInstance);
export { AppInstance };
//# sourceMappingURL=app-instance.entity.js.map