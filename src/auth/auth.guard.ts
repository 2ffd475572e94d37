import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { UsersService } from '../users/users.service.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
import type { AuthUser } from './auth.decorators.js';
import type { UserRole } from '../users/user.entity.js';

/**
 * Global guard: bearer JWT, then the user is re-read so a deactivated user or a
 * changed role takes effect at once, not when the token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!token) throw new UnauthorizedException('Missing bearer token');
    let payload: { sub: number };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch {
      throw new UnauthorizedException('Invalid or expired token');
    }
    const user = await this.users.findForAuth(Number(payload.sub));
    if (!user || !user.isActive) throw new UnauthorizedException('Account is inactive or no longer exists');
    req.user = { id: user.id, username: user.username, role: user.role } satisfies AuthUser;

    const roles = this.reflector.getAllAndOverride<UserRole[]>(ROLES, targets);
    if (roles && !roles.includes(user.role)) throw new ForbiddenException(`Requires role: ${roles.join(' or ')}`);
    return true;
  }
}
