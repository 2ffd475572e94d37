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
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { USER_ROLES } from '../user.entity.js';
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,150}$/;
export class UserDto {
    id;
    username;
    email;
    role;
    is_active;
    created_at;
    static from(user) {
        return {
            id: user.id,
            username: user.username,
            email: user.email ?? null,
            role: user.role,
            is_active: Boolean(user.isActive),
            created_at: new Date(user.createdAt).toISOString(),
        };
    }
}
__decorate([
    ApiProperty({ example: 1 }),
    __metadata("design:type", Number)
], UserDto.prototype, "id", void 0);
__decorate([
    ApiProperty({ example: 'john' }),
    __metadata("design:type", String)
], UserDto.prototype, "username", void 0);
__decorate([
    ApiProperty({ example: 'john@example.com', nullable: true, type: String }),
    __metadata("design:type", Object)
], UserDto.prototype, "email", void 0);
__decorate([
    ApiProperty({ enum: USER_ROLES, example: 'user' }),
    __metadata("design:type", String)
], UserDto.prototype, "role", void 0);
__decorate([
    ApiProperty({ example: true }),
    __metadata("design:type", Boolean)
], UserDto.prototype, "is_active", void 0);
__decorate([
    ApiProperty({ example: '2026-11-26T11:00:00.000Z' }),
    __metadata("design:type", String)
], UserDto.prototype, "created_at", void 0);
export class RegisterDto {
    username;
    password;
    email;
}
__decorate([
    ApiProperty({ example: 'john', description: '3-150 letters, digits, _ . or -' }),
    IsString(),
    Matches(USERNAME_PATTERN, { message: 'username must be 3-150 letters, digits, _ . or -' }),
    __metadata("design:type", String)
], RegisterDto.prototype, "username", void 0);
__decorate([
    ApiProperty({ example: 'correct horse battery', minLength: 8 }),
    IsString(),
    MinLength(8),
    MaxLength(200),
    __metadata("design:type", String)
], RegisterDto.prototype, "password", void 0);
__decorate([
    ApiPropertyOptional({ example: 'john@example.com' }),
    IsOptional(),
    IsEmail(),
    MaxLength(254),
    __metadata("design:type", String)
], RegisterDto.prototype, "email", void 0);
export class CreateUserDto extends RegisterDto {
    role;
    is_active;
}
__decorate([
    ApiPropertyOptional({ enum: USER_ROLES, default: 'user' }),
    IsOptional(),
    IsIn(USER_ROLES),
    __metadata("design:type", String)
], CreateUserDto.prototype, "role", void 0);
__decorate([
    ApiPropertyOptional({ default: true }),
    IsOptional(),
    IsBoolean(),
    __metadata("design:type", Boolean)
], CreateUserDto.prototype, "is_active", void 0);
export class UpdateUserDto {
    role;
    is_active;
    email;
    password;
}
__decorate([
    ApiPropertyOptional({ enum: USER_ROLES }),
    IsOptional(),
    IsIn(USER_ROLES),
    __metadata("design:type", String)
], UpdateUserDto.prototype, "role", void 0);
__decorate([
    ApiPropertyOptional(),
    IsOptional(),
    IsBoolean(),
    __metadata("design:type", Boolean)
], UpdateUserDto.prototype, "is_active", void 0);
__decorate([
    ApiPropertyOptional({ example: 'john@example.com', nullable: true }),
    IsOptional(),
    IsEmail(),
    MaxLength(254),
    __metadata("design:type", String)
], UpdateUserDto.prototype, "email", void 0);
__decorate([
    ApiPropertyOptional({ minLength: 8 }),
    IsOptional(),
    IsString(),
    MinLength(8),
    MaxLength(200),
    __metadata("design:type", String)
], UpdateUserDto.prototype, "password", void 0);
export class PageQueryDto {
    page = 1;
    pageSize = 50;
}
__decorate([
    ApiPropertyOptional({ default: 1, minimum: 1 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    __metadata("design:type", Number)
], PageQueryDto.prototype, "page", void 0);
__decorate([
    ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(500),
    __metadata("design:type", Number)
], PageQueryDto.prototype, "pageSize", void 0);
export class UserPageDto {
    items;
    total;
    page;
    pageSize;
}
__decorate([
    ApiProperty({ type: [UserDto] }),
    __metadata("design:type", Array)
], UserPageDto.prototype, "items", void 0);
__decorate([
    ApiProperty({ example: 1 }),
    __metadata("design:type", Number)
], UserPageDto.prototype, "total", void 0);
__decorate([
    ApiProperty({ example: 1 }),
    __metadata("design:type", Number)
], UserPageDto.prototype, "page", void 0);
__decorate([
    ApiProperty({ example: 50 }),
    __metadata("design:type", Number)
], UserPageDto.prototype, "pageSize", void 0);
//# sourceMappingURL=user.dto.js.map