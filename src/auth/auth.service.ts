import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { UserDto } from '../users/dto/user.dto.js';
import type { RegisterDto } from '../users/dto/user.dto.js';
import { UsersService } from '../users/users.service.js';
import type { User } from '../users/user.entity.js';
import type { TokenDto } from './auth.dto.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async register(dto: RegisterDto): Promise<User> {
    if (!this.config.allowRegistration) throw new ForbiddenException('Registration is disabled on this server');
    return this.users.create({ username: dto.username, password: dto.password, email: dto.email });
  }

  async login(username: string, password: string): Promise<TokenDto> {
    const user = await this.users.findForLogin(username);
    // The same message for every failure, so logins cannot probe which usernames exist.
    const ok = user ? await this.users.verifyPassword(user, password) : false;
    if (!user || !ok || !user.isActive) throw new UnauthorizedException('Invalid username or password, or the account is inactive');
    const accessToken = await this.jwt.signAsync({ sub: user.id, username: user.username, role: user.role });
    const fresh = await this.users.getById(user.id);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: this.config.jwtExpiresInSeconds, user: UserDto.from(fresh) };
  }
}
