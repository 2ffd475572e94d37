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
/** One row (id 1): scheduler facts that must survive restarts and be shared by all instances. */
let SchedulerState = class SchedulerState {
    id;
    /** When the default schedules were created from the environment; null until the first start. */
    defaultsCreatedAt;
};
__decorate([
    PrimaryColumn({ type: 'int' }),
    __metadata("design:type", Number)
], SchedulerState.prototype, "id", void 0);
__decorate([
    Column({ name: 'defaults_created_at', type: Date, nullable: true }),
    __metadata("design:type", Object)
], SchedulerState.prototype, "defaultsCreatedAt", void 0);
SchedulerState = __decorate([
    Entity('scheduler_state')
], SchedulerState);
export { SchedulerState };
//# sourceMappingURL=scheduler-state.entity.js.map