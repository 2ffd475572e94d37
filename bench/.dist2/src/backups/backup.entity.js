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
export const BACKUP_TYPES = ['full_db', 'user_inventory'];
/**
 * One complete, verified backup file under MEDIA_ROOT. The file and its manifest
 * are the truth; this row is the index (rebuilt from the manifests when needed).
 */
let Backup = class Backup {
    id;
    type;
    /** Owner of a user_inventory backup; null for full_db. No foreign key: backups outlive deleted users. */
    userId;
    /** Relative to MEDIA_ROOT, e.g. backups/full_db/db_backup_20261126_020000.sqlite3 */
    filePath;
    sizeBytes;
    sha256;
    /** sqlite3 | pg_dump-custom | mysqldump-gzip | inventory-json */
    format;
    dialect;
    /** The moment the backup was taken (also in its file name, UTC). */
    createdAt;
    /** The user who asked for it; null when the scheduler or the CLI made it. */
    createdBy;
    isScheduled;
    verifiedAt;
    runId;
    /** Id of the key the file is encrypted with (BACKUP_ENCRYPTION_KEY); null = not encrypted. */
    encryptionKeyId;
    status;
    /** Why this backup exists when it is special, e.g. "Safety backup before restoring backup 3". */
    label;
    /** Never rotated or trashed by rotation while pinned (until pinned_until, when set). */
    pinned;
    pinReason;
    pinnedUntil;
    trashedAt;
    /** Items (user_inventory) or rows (full_db) it holds; null when not known (older backups). */
    itemCount;
};
__decorate([
    PrimaryGeneratedColumn(),
    __metadata("design:type", Number)
], Backup.prototype, "id", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], Backup.prototype, "type", void 0);
__decorate([
    Column({ name: 'user_id', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], Backup.prototype, "userId", void 0);
__decorate([
    Column({ name: 'file_path', type: 'varchar', length: 500, unique: true }),
    __metadata("design:type", String)
], Backup.prototype, "filePath", void 0);
__decorate([
    Column({ name: 'size_bytes', type: 'bigint', transformer: bigintToNumber }),
    __metadata("design:type", Number)
], Backup.prototype, "sizeBytes", void 0);
__decorate([
    Column({ type: 'varchar', length: 64 }),
    __metadata("design:type", String)
], Backup.prototype, "sha256", void 0);
__decorate([
    Column({ type: 'varchar', length: 32 }),
    __metadata("design:type", String)
], Backup.prototype, "format", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], Backup.prototype, "dialect", void 0);
__decorate([
    Column({ name: 'created_at', type: Date }),
    __metadata("design:type", Date)
], Backup.prototype, "createdAt", void 0);
__decorate([
    Column({ name: 'created_by', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], Backup.prototype, "createdBy", void 0);
__decorate([
    Column({ name: 'is_scheduled', type: 'boolean', default: false }),
    __metadata("design:type", Boolean)
], Backup.prototype, "isScheduled", void 0);
__decorate([
    Column({ name: 'verified_at', type: Date, nullable: true }),
    __metadata("design:type", Object)
], Backup.prototype, "verifiedAt", void 0);
__decorate([
    Column({ name: 'run_id', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], Backup.prototype, "runId", void 0);
__decorate([
    Column({ name: 'encryption_key_id', type: 'varchar', length: 16, nullable: true }),
    __metadata("design:type", Object)
], Backup.prototype, "encryptionKeyId", void 0);
__decorate([
    Column({ type: 'varchar', length: 16, default: 'ok' }),
    __metadata("design:type", String)
], Backup.prototype, "status", void 0);
__decorate([
    Column({ type: 'varchar', length: 200, nullable: true }),
    __metadata("design:type", Object)
], Backup.prototype, "label", void 0);
__decorate([
    Column({ type: 'boolean', default: false }),
    __metadata("design:type", Boolean)
], Backup.prototype, "pinned", void 0);
__decorate([
    Column({ name: 'pin_reason', type: 'varchar', length: 300, nullable: true }),
    __metadata("design:type", Object)
], Backup.prototype, "pinReason", void 0);
__decorate([
    Column({ name: 'pinned_until', type: Date, nullable: true }),
    __metadata("design:type", Object)
], Backup.prototype, "pinnedUntil", void 0);
__decorate([
    Column({ name: 'trashed_at', type: Date, nullable: true }),
    __metadata("design:type", Object)
], Backup.prototype, "trashedAt", void 0);
__decorate([
    Column({ name: 'item_count', type: 'int', nullable: true }),
    __metadata("design:type", Object)
], Backup.prototype, "itemCount", void 0);
Backup = __decorate([
    Entity('backups'),
    Index('idx_backups_type_user', ['type', 'userId']),
    Index('idx_backups_created', ['createdAt', 'id']),
    Index('idx_backups_status', ['status'])
], Backup);
export { Backup };
//# sourceMappingURL=backup.entity.js.map