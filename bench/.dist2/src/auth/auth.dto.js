var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UserDto } from '../users/dto/user.dto.js';
export class LoginDto {
    username;
    password;
}
__decorate([
    ApiProperty({ example: 'john' }),
    IsString(),
    MinLength(1),
    MaxLength(150),
    __metadata("design:type", String)
], LoginDto.prototype, "username", void 0);
__decorate([
    ApiProperty({ example: 'correct horse battery' }),
    IsString(),
    MinLength(1),
    MaxLength(200),
    __metadata("design:type", String)
], LoginDto.prototype, "password", void 0);
export class TokenDto {
    access_token;
    token_type;
    expires_in;
    user;
}
__decorate([
    ApiProperty({ description: 'Send as "Authorization: Bearer <token>"' }),
    __metadata("design:type", String)
], TokenDto.prototype, "access_token", void 0);
__decorate([
    ApiProperty({ example: 'Bearer' }),
    __metadata("design:type", String)
], TokenDto.prototype, "token_type", void 0);
__decorate([
    ApiProperty({ example: 86400 }),
    __metadata("design:type", Number)
], TokenDto.prototype, "expires_in", void 0);
__decorate([
    ApiProperty({ type: UserDto }),
    __metadata("design:type", UserDto)
], TokenDto.prototype, "user", void 0);
//# sourceMappingURL=auth.dto.js.map