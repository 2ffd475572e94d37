var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
import { Body, Controller, Get, HttpCode, Post, Req, UnauthorizedException, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { RegisterDto, UserDto } from '../users/dto/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto, TokenDto } from './auth.dto.js';
import { CurrentUser, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginAttempts, LoginThrottleGuard } from './login-throttle.guard.js';
let AuthController = class AuthController {
    auth;
    users;
    attempts;
    constructor(auth, users, attempts) {
        this.auth = auth;
        this.users = users;
        this.attempts = attempts;
    }
    async register(dto) {
        return UserDto.from(await this.auth.register(dto));
    }
    async login(dto, req) {
        try {
            return await this.auth.login(dto.username, dto.password);
        }
        catch (error) {
            // Only a wrong password (or unknown user) counts toward the limits.
            if (error instanceof UnauthorizedException)
                this.attempts.count(this.attempts.loginKeys(req.ip ?? '', dto.username).map(([key]) => key));
            throw error;
        }
    }
    async me(user) {
        return UserDto.from(await this.users.getById(user.id));
    }
};
__decorate([
    Public(),
    UseGuards(LoginThrottleGuard),
    Post('register'),
    ApiOperation({
        summary: 'Create an account (when ALLOW_REGISTRATION is true)',
        description: 'At most REGISTER_RATE_LIMIT attempts per client address a minute (429 with Retry-After).',
    }),
    ApiCreatedResponse({ type: UserDto }),
    ApiErrors(400, 403, 409, 429),
    __param(0, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [RegisterDto]),
    __metadata("design:returntype", Promise)
], AuthController.prototype, "register", null);
__decorate([
    Public(),
    UseGuards(LoginThrottleGuard),
    Post('login'),
    HttpCode(200),
    ApiOperation({
        summary: 'Log in; returns a bearer token',
        description: 'Failed logins are limited per username (LOGIN_RATE_LIMIT a minute) and per client address (LOGIN_IP_RATE_LIMIT); successful ones never count. 429 with Retry-After.',
    }),
    ApiOkResponse({ type: TokenDto }),
    ApiErrors(400, 401, 429),
    __param(0, Body()),
    __param(1, Req()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [LoginDto, Object]),
    __metadata("design:returntype", Promise)
], AuthController.prototype, "login", null);
__decorate([
    Get('me'),
    ApiBearerAuth(),
    ApiOperation({ summary: 'The logged-in user' }),
    ApiOkResponse({ type: UserDto }),
    ApiErrors(401),
    __param(0, CurrentUser()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Promise)
], AuthController.prototype, "me", null);
AuthController = __decorate([
    ApiTags('auth'),
    Controller('auth'),
    __metadata("design:paramtypes", [AuthService,
        UsersService,
        LoginAttempts])
], AuthController);
export { AuthController };
//# sourceMappingURL=auth.controller.js.map