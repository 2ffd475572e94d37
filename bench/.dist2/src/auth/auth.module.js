var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginAttempts, LoginThrottleGuard } from './login-throttle.guard.js';
let AuthModule = class AuthModule {
};
AuthModule = __decorate([
    Module({
        imports: [
            UsersModule,
            JwtModule.registerAsync({
                inject: [AppConfig],
                // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a public key on every
                // verify, and that failed parse was half the cost of an authenticated request (measured, docs/benchmarks.md).
                useFactory: (config) => ({
                    secret: createSecretKey(Buffer.from(config.jwtSecret)),
                    signOptions: { expiresIn: config.jwtExpiresInSeconds, algorithm: 'HS256' },
                    verifyOptions: { algorithms: ['HS256'] },
                }),
            }),
        ],
        controllers: [AuthController],
        providers: [AuthService, LoginAttempts, LoginThrottleGuard, { provide: APP_GUARD, useClass: AuthGuard }],
    })
], AuthModule);
export { AuthModule };
//# sourceMappingURL=auth.module.js.map