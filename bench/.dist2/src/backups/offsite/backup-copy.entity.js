var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
/** The off-site copy of one backup on one target: what was uploaded where, and whether it checked out. */
let BackupCopy = class BackupCopy {
    id;
    backupId;
    target;
    remoteKey;
    status;
    /** sha256 of the remote object, read back after the upload. */
    sha256;
    attempts;
    error;
    copiedAt;
    updatedAt;
};
__decorate([
    PrimaryGeneratedColumn(),
    __metadata("design:type", Number)
], BackupCopy.prototype, "id", void 0);
__decorate([
    Column({ name: 'backup_id', type: 'int' }),
    __metadata("design:type", Number)
], BackupCopy.prototype, "backupId", void 0);
__decorate([
    Column({ type: 'varchar', length: 32 }),
    __metadata("design:type", String)
], BackupCopy.prototype, "target", void 0);
__decorate([
    Column({ name: 'remote_key', type: 'varchar', length: 1024 }),
    __metadata("design:type", String)
], BackupCopy.prototype, "remoteKey", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], BackupCopy.prototype, "status", void 0);
__decorate([
    Column({ type: 'varchar', length: 64, nullable: true }),
    __metadata("design:type", Object)
], BackupCopy.prototype, "sha256", void 0);
__decorate([
    Column({ type: 'int', default: 0 }),
    __metadata("design:type", Number)
], BackupCopy.prototype, "attempts", void 0);
__decorate([
    Column({ type: 'text', nullable: true }),
    __metadata("design:type", Object)
], BackupCopy.prototype, "error", void 0);
__decorate([
    Column({ name: 'copied_at', type: Date, nullable: true }),
    __metadata("design:type", Object)
], BackupCopy.prototype, "copiedAt", void 0);
__decorate([
    Column({ name: 'updated_at', type: Date }),
    __metadata("design:type", Date)
], BackupCopy.prototype, "updatedAt", void 0);
BackupCopy = __decorate([
    Entity('backup_copies'),
    Unique('uq_backup_copies_backup_target', ['backupId', 'target'])
], BackupCopy);
export { BackupCopy };
//# sourceMappingURL=backup-copy.entity.js.map