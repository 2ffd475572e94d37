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
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { UsersService } from '../users/users.service.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
/**
 * Global guard: bearer JWT, then the user is re-read so a deactivated user or a
 * changed role takes effect at once, not when the token expires.
 */
let AuthGuard = class AuthGuard {
    reflector;
    jwt;
    users;
    constructor(reflector, jwt, users) {
        this.reflector = reflector;
        this.jwt = jwt;
        this.users = users;
    }
    async canActivate(context) {
        const targets = [context.getHandler(), context.getClass()];
        if (this.reflector.getAllAndOverride(IS_PUBLIC, targets))
            return true;
        const req = context.switchToHttp().getRequest();
        const header = req.headers.authorization;
        const token = header?.match(/^Bearer\s+(.+)$/i)?.[1];
        if (!token)
            throw new UnauthorizedException('Missing bearer token');
        let payload;
        try {
            payload = await this.jwt.verifyAsync(token);
        }
        catch {
            throw new UnauthorizedException('Invalid or expired token');
        }
        const user = await this.users.findForAuth(Number(payload.sub));
        if (!user || !user.isActive)
            throw new UnauthorizedException('Account is inactive or no longer exists');
        req.user = { id: user.id, username: user.username, role: user.role };
        const roles = this.reflector.getAllAndOverride(ROLES, targets);
        if (roles && !roles.includes(user.role))
            throw new ForbiddenException(`Requires role: ${roles.join(' or ')}`);
        return true;
    }
};
AuthGuard = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [Reflector,
        JwtService,
        UsersService])
], AuthGuard);
export { AuthGuard };
//# sourceMappingURL=auth.guard.js.map