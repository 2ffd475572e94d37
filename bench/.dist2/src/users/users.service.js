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
var UsersService_1;
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { User } from './user.entity.js';
const BCRYPT_ROUNDS = 10;
/** How long findForAuth trusts what it read. */
const AUTH_CACHE_MS = 1000;
let UsersService = UsersService_1 = class UsersService {
    repo;
    config;
    logger = new Logger(UsersService_1.name);
    authCache = new Map();
    constructor(repo, config) {
        this.repo = repo;
        this.config = config;
    }
    /** The first admin comes from ADMIN_USERNAME/ADMIN_PASSWORD; an existing user is promoted, never overwritten. */
    async onApplicationBootstrap() {
        const { adminUsername, adminPassword } = this.config;
        if (!adminUsername || !adminPassword)
            return;
        const existing = await this.repo.findOneBy({ username: adminUsername });
        if (!existing) {
            await this.create({ username: adminUsername, password: adminPassword, role: 'admin' });
            this.logger.log(`Created admin user "${adminUsername}" from ADMIN_USERNAME`);
        }
        else if (existing.role !== 'admin') {
            await this.repo.update(existing.id, { role: 'admin' });
            this.logger.log(`Promoted existing user "${adminUsername}" to admin`);
        }
    }
    findById(id) {
        return this.repo.findOneBy({ id });
    }
    /**
     * The user an authenticated request is checked against, remembered for a
     * second: the lookup was a fifth of a listing request. A change made through
     * this service applies at once; one made by another process (a second server,
     * the CLI) within a second.
     */
    async findForAuth(id) {
        const now = Date.now();
        const hit = this.authCache.get(id);
        if (hit && hit.until > now)
            return hit.user;
        const user = await this.findById(id);
        if (this.authCache.size >= 10_000)
            this.authCache.clear();
        this.authCache.set(id, { user, until: now + AUTH_CACHE_MS });
        return user;
    }
    async getById(id) {
        const user = await this.findById(id);
        if (!user)
            throw new NotFoundException(`User ${id} not found`);
        return user;
    }
    findByUsername(username) {
        return this.repo.findOneBy({ username });
    }
    /** With the password hash, for login only. */
    findForLogin(username) {
        return this.repo.createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
    }
    verifyPassword(user, password) {
        return bcrypt.compare(password, user.passwordHash);
    }
    async create(input) {
        if (await this.repo.existsBy({ username: input.username })) {
            throw new ConflictException(`Username "${input.username}" is already taken`);
        }
        const user = this.repo.create({
            username: input.username,
            email: input.email ?? null,
            passwordHash: await bcrypt.hash(input.password, BCRYPT_ROUNDS),
            role: input.role ?? 'user',
            isActive: input.isActive ?? true,
        });
        const saved = await this.repo.save(user);
        return this.getById(saved.id);
    }
    async list(page, pageSize) {
        const [items, total] = await this.repo.findAndCount({ order: { id: 'ASC' }, skip: (page - 1) * pageSize, take: pageSize });
        return { items, total };
    }
    countActive() {
        return this.repo.countBy({ isActive: true });
    }
    /** Active users in id order, a batch at a time (for backups of every user). */
    async *activeUsersInBatches(batchSize = 500) {
        let afterId = 0;
        for (;;) {
            const batch = await this.repo
                .createQueryBuilder('u')
                .where('u.isActive = :active AND u.id > :afterId', { active: true, afterId })
                .orderBy('u.id', 'ASC')
                .take(batchSize)
                .getMany();
            if (batch.length === 0)
                return;
            yield batch;
            afterId = batch[batch.length - 1].id;
        }
    }
    async update(actorId, id, changes) {
        const user = await this.getById(id);
        if (actorId === id && (changes.role === 'user' || changes.isActive === false)) {
            throw new BadRequestException('You cannot demote or deactivate your own account');
        }
        const patch = {};
        if (changes.role !== undefined)
            patch.role = changes.role;
        if (changes.isActive !== undefined)
            patch.isActive = changes.isActive;
        if (changes.email !== undefined)
            patch.email = changes.email;
        if (changes.password !== undefined)
            patch.passwordHash = await bcrypt.hash(changes.password, BCRYPT_ROUNDS);
        if (Object.keys(patch).length > 0)
            await this.repo.update(user.id, patch);
        this.authCache.delete(user.id);
        return this.getById(id);
    }
    async remove(actorId, id) {
        if (actorId === id)
            throw new BadRequestException('You cannot delete your own account');
        const user = await this.getById(id);
        await this.repo.delete(user.id);
        this.authCache.delete(user.id);
    }
};
UsersService = UsersService_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(User)),
    __metadata("design:paramtypes", [Repository,
        AppConfig])
], UsersService);
export { UsersService };
//# sourceMappingURL=users.service.js.map