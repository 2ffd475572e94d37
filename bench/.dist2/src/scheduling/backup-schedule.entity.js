var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
export const SCHEDULE_TARGETS = ['full_db', 'all_users', 'both'];
/** A backup schedule: data, not code. Every app instance builds its timers from these rows. */
let BackupSchedule = class BackupSchedule {
    id;
    name;
    /** 5 fields (minute hour day-of-month month day-of-week) or 6 (second first). */
    cron;
    /** IANA zone the expression is read in. */
    timezone;
    target;
    /** Rotation: how many backups of each set to keep after a run of this schedule. */
    keep;
    /** Calendar tiers of rotation; null = BACKUP_KEEP_DAILY / _WEEKLY / _MONTHLY. */
    keepDaily;
    keepWeekly;
    keepMonthly;
    enabled;
    /**
     * Every run due at or before this instant has been handled (run, skipped, or
     * passed over because the schedule was off). Instances claim a tick by moving
     * it forward with a conditional UPDATE, so each tick is claimed exactly once.
     */
    handledUntil;
    lastRunAt;
    lastRunStatus;
    nextRunAt;
    /** Instance running this schedule now (a lease: renewed while the run goes on, void once expired). */
    leaseOwner;
    leaseExpiresAt;
    createdAt;
    /** Last change through the API (ticks do not touch it). */
    updatedAt;
};
__decorate([
    PrimaryGeneratedColumn(),
    __metadata("design:type", Number)
], BackupSchedule.prototype, "id", void 0);
__decorate([
    Column({ type: 'varchar', length: 100, unique: true }),
    __metadata("design:type", String)
], BackupSchedule.prototype, "name", void 0);
__decorate([
    Column({ type: 'varchar', length: 120 }),
    __metadata("design:type", String)
], BackupSchedule.prototype, "cron", void 0);
__decorate([
    Column({ type: 'varchar', length: 64, default: 'UTC' }),
    __metadata("design:type", String)
], BackupSchedule.prototype, "timezone", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], BackupSchedule.prototype, "target", void 0);
__decorate([
    Column({ type: 'int' }),
    __metadata("design:type", Number)
], BackupSchedule.prototype, "keep", void 0);
__decorate([
    Column({ name: 'keep_daily', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], BackupSchedule.prototype, "keepDaily", void 0);
__decorate([
    Column({ name: 'keep_weekly', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], BackupSchedule.prototype, "keepWeekly", void 0);
__decorate([
    Column({ name: 'keep_monthly', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], BackupSchedule.prototype, "keepMonthly", void 0);
__decorate([
    Column({ type: 'boolean', default: true }),
    __metadata("design:type", Boolean)
], BackupSchedule.prototype, "enabled", void 0);
__decorate([
    Column({ name: 'handled_until', type: Date }),
    __metadata("design:type", Date)
], BackupSchedule.prototype, "handledUntil", void 0);
__decorate([
    Column({ name: 'last_run_at', type: Date, nullable: true }),
    __metadata("design:type", Object)
], BackupSchedule.prototype, "lastRunAt", void 0);
__decorate([
    Column({ name: 'last_run_status', type: 'varchar', length: 16, nullable: true }),
    __metadata("design:type", Object)
], BackupSchedule.prototype, "lastRunStatus", void 0);
__decorate([
    Column({ name: 'next_run_at', type: Date, nullable: true }),
    __metadata("design:type", Object)
], BackupSchedule.prototype, "nextRunAt", void 0);
__decorate([
    Column({ name: 'lease_owner', type: 'varchar', length: 120, nullable: true }),
    __metadata("design:type", Object)
], BackupSchedule.prototype, "leaseOwner", void 0);
__decorate([
    Column({ name: 'lease_expires_at', type: Date, nullable: true }),
    __metadata("design:type", Object)
], BackupSchedule.prototype, "leaseExpiresAt", void 0);
__decorate([
    Column({ name: 'created_at', type: Date }),
    __metadata("design:type", Date)
], BackupSchedule.prototype, "createdAt", void 0);
__decorate([
    Column({ name: 'updated_at', type: Date }),
    __metadata("design:type", Date)
], BackupSchedule.prototype, "updatedAt", void 0);
BackupSchedule = __decorate([
    Entity('backup_schedules')
], BackupSchedule);
export { BackupSchedule };
//# sourceMappingURL=backup-schedule.entity.js.map