import { createParamDecorator, SetMetadata } from '@nestjs/common';
export const IS_PUBLIC = 'blockshelf:isPublic';
export const ROLES = 'blockshelf:roles';
/** Route needs no bearer token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Route needs one of these roles (after authentication). */
export const Roles = (...roles) => SetMetadata(ROLES, roles);
export const CurrentUser = createParamDecorator((_, ctx) => {
    return ctx.switchToHttp().getRequest().user;
});
//# sourceMappingURL=auth.decorators.js.map