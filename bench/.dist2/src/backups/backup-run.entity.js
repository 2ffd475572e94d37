var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../database/bigint.transformer.js';
/** One row per triggered job: the history an admin monitors. */
let BackupRun = class BackupRun {
    id;
    target;
    trigger;
    status;
    /** For a single user's backup: whose. */
    userId;
    createdBy;
    scheduleId;
    startedAt;
    finishedAt;
    backupsCreated;
    backupsFailed;
    backupsDeleted;
    bytesWritten;
    error;
    /** Renewed while the run goes on; a run whose heartbeat stops is marked failed (interrupted) by any live instance. */
    heartbeatAt;
    /** Things an admin should know about a run that succeeded, one per line (e.g. "backup.shrunk: …"). */
    warnings;
    /** The process (app_instances.id) that runs it. */
    instanceId;
};
__decorate([
    PrimaryGeneratedColumn(),
    __metadata("design:type", Number)
], BackupRun.prototype, "id", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], BackupRun.prototype, "target", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], BackupRun.prototype, "trigger", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], BackupRun.prototype, "status", void 0);
__decorate([
    Column({ name: 'user_id', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], BackupRun.prototype, "userId", void 0);
__decorate([
    Column({ name: 'created_by', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], BackupRun.prototype, "createdBy", void 0);
__decorate([
    Column({ name: 'schedule_id', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], BackupRun.prototype, "scheduleId", void 0);
__decorate([
    Column({ name: 'started_at', type: Date }),
    __metadata("design:type", Date)
], BackupRun.prototype, "startedAt", void 0);
__decorate([
    Column({ name: 'finished_at', type: Date, nullable: true }),
    __metadata("design:type", Object)
], BackupRun.prototype, "finishedAt", void 0);
__decorate([
    Column({ name: 'backups_created', type: 'int', default: 0 }),
    __metadata("design:type", Number)
], BackupRun.prototype, "backupsCreated", void 0);
__decorate([
    Column({ name: 'backups_failed', type: 'int', default: 0 }),
    __metadata("design:type", Number)
], BackupRun.prototype, "backupsFailed", void 0);
__decorate([
    Column({ name: 'backups_deleted', type: 'int', default: 0 }),
    __metadata("design:type", Number)
], BackupRun.prototype, "backupsDeleted", void 0);
__decorate([
    Column({ name: 'bytes_written', type: 'bigint', default: 0, transformer: bigintToNumber }),
    __metadata("design:type", Number)
], BackupRun.prototype, "bytesWritten", void 0);
__decorate([
    Column({ type: 'text', nullable: true }),
    __metadata("design:type", Object)
], BackupRun.prototype, "error", void 0);
__decorate([
    Column({ name: 'heartbeat_at', type: Date, nullable: true }),
    __metadata("design:type", Object)
], BackupRun.prototype, "heartbeatAt", void 0);
__decorate([
    Column({ type: 'text', nullable: true }),
    __metadata("design:type", Object)
], BackupRun.prototype, "warnings", void 0);
__decorate([
    Column({ name: 'instance_id', type: 'varchar', length: 80, nullable: true }),
    __metadata("design:type", Object)
], BackupRun.prototype, "instanceId", void 0);
BackupRun = __decorate([
    Entity('backup_runs'),
    Index('idx_backup_runs_started', ['startedAt'])
], BackupRun);
export { BackupRun };
//# sourceMappingURL=backup-run.entity.js.map