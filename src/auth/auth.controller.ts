import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { RegisterDto, UserDto } from '../users/dto/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto, TokenDto } from './auth.dto.js';
import { CurrentUser, Public } from './auth.decorators.js';
import type { AuthUser } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleGuard } from './login-throttle.guard.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @UseGuards(LoginThrottleGuard)
  @Post('register')
  @ApiOperation({ summary: 'Create an account (when ALLOW_REGISTRATION is true)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(400, 403, 409, 429)
  async register(@Body() dto: RegisterDto): Promise<UserDto> {
    return UserDto.from(await this.auth.register(dto));
  }

  @Public()
  @UseGuards(LoginThrottleGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; returns a bearer token' })
  @ApiOkResponse({ type: TokenDto })
  @ApiErrors(400, 401, 429)
  login(@Body() dto: LoginDto): Promise<TokenDto> {
    return this.auth.login(dto.username, dto.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in user' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(401)
  async me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return UserDto.from(await this.users.getById(user.id));
  }
}
