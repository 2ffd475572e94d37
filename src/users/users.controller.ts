import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { CreateUserDto, PageQueryDto, UpdateUserDto, UserDto, UserPageDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@ApiErrors(401, 403)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users (admin)' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors(400)
  async list(@Query() query: PageQueryDto): Promise<UserPageDto> {
    const { items, total } = await this.users.list(query.page, query.pageSize);
    return { items: items.map(UserDto.from), total, page: query.page, pageSize: query.pageSize };
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (admin)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(400, 409)
  async create(@Body() dto: CreateUserDto): Promise<UserDto> {
    const user = await this.users.create({ username: dto.username, password: dto.password, email: dto.email, role: dto.role, isActive: dto.is_active });
    return UserDto.from(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a user (admin)' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(404)
  async get(@Param('id', ParseIntPipe) id: number): Promise<UserDto> {
    return UserDto.from(await this.users.getById(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change role, active flag, email or password (admin)' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 404)
  async update(@CurrentUser() actor: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateUserDto): Promise<UserDto> {
    const user = await this.users.update(actor.id, id, { role: dto.role, isActive: dto.is_active, email: dto.email, password: dto.password });
    return UserDto.from(user);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user and their inventory (admin)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  async remove(@CurrentUser() actor: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.users.remove(actor.id, id);
  }
}
