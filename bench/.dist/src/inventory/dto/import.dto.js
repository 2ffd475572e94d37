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
const toBoolean = ({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);
export class ImportQueryDto {
    mode = 'merge';
    dryRun = false;
    userId;
}
__decorate([
    ApiPropertyOptional({ enum: ['merge', 'replace'], default: 'merge', description: 'merge: upsert on (part_id, color), leave other items alone. replace: the inventory becomes exactly the file.' }),
    IsOptional(),
    IsIn(['merge', 'replace']),
    __metadata("design:type", String)
], ImportQueryDto.prototype, "mode", void 0);
__decorate([
    ApiPropertyOptional({ default: false, description: 'Report what would change without writing anything' }),
    IsOptional(),
    Transform(toBoolean),
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
export class ImportReportDto {
    mode;
    dry_run;
    format;
    total;
    created;
    updated;
    unchanged;
    deleted;
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
    ApiProperty({ enum: ['json', 'csv'] }),
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
//# sourceMappingURL=import.dto.js.map