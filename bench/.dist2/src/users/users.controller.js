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
import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { CreateUserDto, PageQueryDto, UpdateUserDto, UserDto, UserPageDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';
let UsersController = class UsersController {
    users;
    constructor(users) {
        this.users = users;
    }
    async list(query) {
        const { items, total } = await this.users.list(query.page, query.pageSize);
        return { items: items.map(UserDto.from), total, page: query.page, pageSize: query.pageSize };
    }
    async create(dto) {
        const user = await this.users.create({ username: dto.username, password: dto.password, email: dto.email, role: dto.role, isActive: dto.is_active });
        return UserDto.from(user);
    }
    async get(id) {
        return UserDto.from(await this.users.getById(id));
    }
    async update(actor, id, dto) {
        const user = await this.users.update(actor.id, id, { role: dto.role, isActive: dto.is_active, email: dto.email, password: dto.password });
        return UserDto.from(user);
    }
    async remove(actor, id) {
        await this.users.remove(actor.id, id);
    }
};
__decorate([
    Get(),
    ApiOperation({ summary: 'List users (admin)' }),
    ApiOkResponse({ type: UserPageDto }),
    ApiErrors(400),
    __param(0, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [PageQueryDto]),
    __metadata("design:returntype", Promise)
], UsersController.prototype, "list", null);
__decorate([
    Post(),
    ApiOperation({ summary: 'Create a user (admin)' }),
    ApiCreatedResponse({ type: UserDto }),
    ApiErrors(400, 409),
    __param(0, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [CreateUserDto]),
    __metadata("design:returntype", Promise)
], UsersController.prototype, "create", null);
__decorate([
    Get(':id'),
    ApiOperation({ summary: 'Get a user (admin)' }),
    ApiOkResponse({ type: UserDto }),
    ApiErrors(404),
    __param(0, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number]),
    __metadata("design:returntype", Promise)
], UsersController.prototype, "get", null);
__decorate([
    Patch(':id'),
    ApiOperation({ summary: 'Change role, active flag, email or password (admin)' }),
    ApiOkResponse({ type: UserDto }),
    ApiErrors(400, 404),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __param(2, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number, UpdateUserDto]),
    __metadata("design:returntype", Promise)
], UsersController.prototype, "update", null);
__decorate([
    Delete(':id'),
    HttpCode(204),
    ApiOperation({ summary: 'Delete a user and their inventory (admin)' }),
    ApiNoContentResponse(),
    ApiErrors(400, 404),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number]),
    __metadata("design:returntype", Promise)
], UsersController.prototype, "remove", null);
UsersController = __decorate([
    ApiTags('users'),
    ApiBearerAuth(),
    Roles('admin'),
    ApiErrors(401, 403),
    Controller('users'),
    __metadata("design:paramtypes", [UsersService])
], UsersController);
export { UsersController };
//# sourceMappingURL=users.controller.js.map