var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { queryBoolean } from '../../common/query-boolean.js';
export class ImportQueryDto {
    mode = 'merge';
    dryRun = false;
    userId;
}
__decorate([
    ApiPropertyOptional({
        enum: ['merge', 'replace'],
        default: 'merge',
        description: 'merge: upsert on (part_id, color), leave other items alone. replace: the inventory becomes exactly the file.',
    }),
    IsOptional(),
    IsIn(['merge', 'replace']),
    __metadata("design:type", String)
], ImportQueryDto.prototype, "mode", void 0);
__decorate([
    ApiPropertyOptional({ default: false, description: 'Report what would change without writing anything' }),
    IsOptional(),
    Transform(queryBoolean),
    IsBoolean(),
    __metadata("design:type", Boolean)
], ImportQueryDto.prototype, "dryRun", void 0);
__decorate([
    ApiPropertyOptional({ description: "Admins only: import into this user's inventory" }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    __metadata("design:type", Number)
], ImportQueryDto.prototype, "userId", void 0);
/** The fields of an item as a dry run shows them; a `changed` entry carries only those that differ. */
export class ItemChangeFieldsDto {
    name;
    quantity_total;
    quantity_used;
    storage_location;
    image_url;
    notes;
}
__decorate([
    ApiPropertyOptional(),
    __metadata("design:type", String)
], ItemChangeFieldsDto.prototype, "name", void 0);
__decorate([
    ApiPropertyOptional(),
    __metadata("design:type", Number)
], ItemChangeFieldsDto.prototype, "quantity_total", void 0);
__decorate([
    ApiPropertyOptional(),
    __metadata("design:type", Number)
], ItemChangeFieldsDto.prototype, "quantity_used", void 0);
__decorate([
    ApiPropertyOptional(),
    __metadata("design:type", String)
], ItemChangeFieldsDto.prototype, "storage_location", void 0);
__decorate([
    ApiPropertyOptional(),
    __metadata("design:type", String)
], ItemChangeFieldsDto.prototype, "image_url", void 0);
__decorate([
    ApiPropertyOptional(),
    __metadata("design:type", String)
], ItemChangeFieldsDto.prototype, "notes", void 0);
export class ItemChangeDto {
    part_id;
    color;
    change;
    before;
    after;
}
__decorate([
    ApiProperty({ example: '3001' }),
    __metadata("design:type", String)
], ItemChangeDto.prototype, "part_id", void 0);
__decorate([
    ApiProperty({ example: 'Red' }),
    __metadata("design:type", String)
], ItemChangeDto.prototype, "color", void 0);
__decorate([
    ApiProperty({
        enum: ['added', 'removed', 'changed'],
        description: 'added: in the file, not in the inventory. removed: in the inventory, not in the file (replace mode only). changed: in both, with different fields',
    }),
    __metadata("design:type", String)
], ItemChangeDto.prototype, "change", void 0);
__decorate([
    ApiPropertyOptional({
        type: ItemChangeFieldsDto,
        description: 'removed: every field of the item now; changed: the current value of each field that differs',
    }),
    __metadata("design:type", ItemChangeFieldsDto)
], ItemChangeDto.prototype, "before", void 0);
__decorate([
    ApiPropertyOptional({ type: ItemChangeFieldsDto, description: 'added: every field from the file; changed: the new value of each field that differs' }),
    __metadata("design:type", ItemChangeFieldsDto)
], ItemChangeDto.prototype, "after", void 0);
export class ImportReportDto {
    mode;
    dry_run;
    format;
    total;
    created;
    updated;
    unchanged;
    deleted;
    changes;
    safety_backup_id;
    changes_truncated;
}
__decorate([
    ApiProperty({ enum: ['merge', 'replace'] }),
    __metadata("design:type", String)
], ImportReportDto.prototype, "mode", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Boolean)
], ImportReportDto.prototype, "dry_run", void 0);
__decorate([
    ApiProperty({ enum: ['json', 'csv', 'xlsx'], description: 'What the file was read as, by its content' }),
    __metadata("design:type", String)
], ImportReportDto.prototype, "format", void 0);
__decorate([
    ApiProperty({ description: 'Items in the file' }),
    __metadata("design:type", Number)
], ImportReportDto.prototype, "total", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], ImportReportDto.prototype, "created", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], ImportReportDto.prototype, "updated", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], ImportReportDto.prototype, "unchanged", void 0);
__decorate([
    ApiProperty({ description: 'Removed because the file does not contain them (replace mode)' }),
    __metadata("design:type", Number)
], ImportReportDto.prototype, "deleted", void 0);
__decorate([
    ApiPropertyOptional({
        type: [ItemChangeDto],
        maxItems: 200,
        description: 'Dry runs only (absent otherwise): what the import would do, item by item, up to 200 entries (changed and added ones as the file is read, batch by batch; removed ones last); the counts above cover every change',
    }),
    __metadata("design:type", Array)
], ImportReportDto.prototype, "changes", void 0);
__decorate([
    ApiPropertyOptional({
        example: 57,
        description: 'A real replace import or restore: the backup of the inventory taken just before (pinned for BACKUP_TRASH_HOURS). Restoring it is the undo.',
    }),
    __metadata("design:type", Number)
], ImportReportDto.prototype, "safety_backup_id", void 0);
__decorate([
    ApiPropertyOptional({ description: 'Dry runs only: true when there were more than 200 changes and `changes` lists the first 200' }),
    __metadata("design:type", Boolean)
], ImportReportDto.prototype, "changes_truncated", void 0);
//# sourceMappingURL=import.dto.js.map