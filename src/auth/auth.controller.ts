import { Body, Controller, Get, HttpCode, Post, Req, UnauthorizedException, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { RegisterDto, UserDto } from '../users/dto/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto, TokenDto } from './auth.dto.js';
import { CurrentUser, Public } from './auth.decorators.js';
import type { AuthUser } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginAttempts, LoginThrottleGuard } from './login-throttle.guard.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly attempts: LoginAttempts,
  ) {}

  @Public()
  @UseGuards(LoginThrottleGuard)
  @Post('register')
  @ApiOperation({
    summary: 'Create an account (when ALLOW_REGISTRATION is true)',
    description: 'At most REGISTER_RATE_LIMIT attempts per client address a minute (429 with Retry-After).',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(400, 403, 409, 429)
  async register(@Body() dto: RegisterDto): Promise<UserDto> {
    return UserDto.from(await this.auth.register(dto));
  }

  @Public()
  @UseGuards(LoginThrottleGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in; returns a bearer token',
    description:
      'Failed logins are limited per username (LOGIN_RATE_LIMIT a minute) and per client address (LOGIN_IP_RATE_LIMIT); successful ones never count. 429 with Retry-After.',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiErrors(400, 401, 429)
  async login(@Body() dto: LoginDto, @Req() req: Request): Promise<TokenDto> {
    try {
      return await this.auth.login(dto.username, dto.password);
    } catch (error) {
      // Only a wrong password (or unknown user) counts toward the limits.
      if (error instanceof UnauthorizedException) this.attempts.count(this.attempts.loginKeys(req.ip ?? '', dto.username).map(([key]) => key));
      throw error;
    }
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
