var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { UserDto } from '../users/dto/user.dto.js';
import { UsersService } from '../users/users.service.js';
let AuthService = class AuthService {
    users;
    jwt;
    config;
    constructor(users, jwt, config) {
        this.users = users;
        this.jwt = jwt;
        this.config = config;
    }
    async register(dto) {
        if (!this.config.allowRegistration)
            throw new ForbiddenException('Registration is disabled on this server');
        return this.users.create({ username: dto.username, password: dto.password, email: dto.email });
    }
    async login(username, password) {
        const user = await this.users.findForLogin(username);
        // The same message for every failure, so logins cannot probe which usernames exist.
        const ok = user ? await this.users.verifyPassword(user, password) : false;
        if (!user || !ok || !user.isActive)
            throw new UnauthorizedException('Invalid username or password, or the account is inactive');
        const accessToken = await this.jwt.signAsync({ sub: user.id, username: user.username, role: user.role });
        const fresh = await this.users.getById(user.id);
        return { access_token: accessToken, token_type: 'Bearer', expires_in: this.config.jwtExpiresInSeconds, user: UserDto.from(fresh) };
    }
};
AuthService = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [UsersService,
        JwtService,
        AppConfig])
], AuthService);
export { AuthService };
//# sourceMappingURL=auth.service.js.map