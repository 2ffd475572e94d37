import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { UserRole } from '../users/user.entity.js';

export interface AuthUser {
  id: number;
  username: string;
  role: UserRole;
}

export const IS_PUBLIC = 'blockshelf:isPublic';
export const ROLES = 'blockshelf:roles';

/** Route needs no bearer token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Route needs one of these roles (after authentication). */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user;
});
