import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { User } from './user.entity.js';
import type { UserRole } from './user.entity.js';

const BCRYPT_ROUNDS = 10;
/** How long findForAuth trusts what it read. */
const AUTH_CACHE_MS = 1000;

export interface NewUser {
  username: string;
  password: string;
  email?: string | null;
  role?: UserRole;
  isActive?: boolean;
}

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);
  private readonly authCache = new Map<number, { user: User | null; until: number }>();

  constructor(
    @InjectRepository(User) private readonly repo: Repository<User>,
    private readonly config: AppConfig,
  ) {}

  /** The first admin comes from ADMIN_USERNAME/ADMIN_PASSWORD; an existing user is promoted, never overwritten. */
  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername, adminPassword } = this.config;
    if (!adminUsername || !adminPassword) return;
    const existing = await this.repo.findOneBy({ username: adminUsername });
    if (!existing) {
      await this.create({ username: adminUsername, password: adminPassword, role: 'admin' });
      this.logger.log(`Created admin user "${adminUsername}" from ADMIN_USERNAME`);
    } else if (existing.role !== 'admin') {
      await this.repo.update(existing.id, { role: 'admin' });
      this.logger.log(`Promoted existing user "${adminUsername}" to admin`);
    }
  }

  findById(id: number): Promise<User | null> {
    return this.repo.findOneBy({ id });
  }

  /**
   * The user an authenticated request is checked against, remembered for a
   * second: the lookup was a fifth of a listing request. A change made through
   * this service applies at once; one made by another process (a second server,
   * the CLI) within a second.
   */
  async findForAuth(id: number): Promise<User | null> {
    const now = Date.now();
    const hit = this.authCache.get(id);
    if (hit && hit.until > now) return hit.user;
    const user = await this.findById(id);
    if (this.authCache.size >= 10_000) this.authCache.clear();
    this.authCache.set(id, { user, until: now + AUTH_CACHE_MS });
    return user;
  }

  async getById(id: number): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return user;
  }

  findByUsername(username: string): Promise<User | null> {
    return this.repo.findOneBy({ username });
  }

  /** With the password hash, for login only. */
  findForLogin(username: string): Promise<User | null> {
    return this.repo.createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
  }

  verifyPassword(user: User, password: string): Promise<boolean> {
    return bcrypt.compare(password, user.passwordHash);
  }

  async create(input: NewUser): Promise<User> {
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

  async list(page: number, pageSize: number): Promise<{ items: User[]; total: number }> {
    const [items, total] = await this.repo.findAndCount({ order: { id: 'ASC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items, total };
  }

  countActive(): Promise<number> {
    return this.repo.countBy({ isActive: true });
  }

  /** Active users in id order, a batch at a time (for backups of every user). */
  async *activeUsersInBatches(batchSize = 500): AsyncGenerator<User[]> {
    let afterId = 0;
    for (;;) {
      const batch = await this.repo
        .createQueryBuilder('u')
        .where('u.isActive = :active AND u.id > :afterId', { active: true, afterId })
        .orderBy('u.id', 'ASC')
        .take(batchSize)
        .getMany();
      if (batch.length === 0) return;
      yield batch;
      afterId = batch[batch.length - 1].id;
    }
  }

  async update(actorId: number, id: number, changes: { role?: UserRole; isActive?: boolean; email?: string; password?: string }): Promise<User> {
    const user = await this.getById(id);
    if (actorId === id && (changes.role === 'user' || changes.isActive === false)) {
      throw new BadRequestException('You cannot demote or deactivate your own account');
    }
    const patch: Partial<User> = {};
    if (changes.role !== undefined) patch.role = changes.role;
    if (changes.isActive !== undefined) patch.isActive = changes.isActive;
    if (changes.email !== undefined) patch.email = changes.email;
    if (changes.password !== undefined) patch.passwordHash = await bcrypt.hash(changes.password, BCRYPT_ROUNDS);
    if (Object.keys(patch).length > 0) await this.repo.update(user.id, patch);
    this.authCache.delete(user.id);
    return this.getById(id);
  }

  async remove(actorId: number, id: number): Promise<void> {
    if (actorId === id) throw new BadRequestException('You cannot delete your own account');
    const user = await this.getById(id);
    await this.repo.delete(user.id);
    this.authCache.delete(user.id);
  }
}
