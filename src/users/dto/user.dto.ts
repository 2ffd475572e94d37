import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { USER_ROLES } from '../user.entity.js';
import type { User, UserRole } from '../user.entity.js';

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,150}$/;

export class UserDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'john' }) username: string;
  @ApiProperty({ example: 'john@example.com', nullable: true, type: String }) email: string | null;
  @ApiProperty({ enum: USER_ROLES, example: 'user' }) role: UserRole;
  @ApiProperty({ example: true }) is_active: boolean;
  @ApiProperty({ example: '2026-11-26T11:00:00.000Z' }) created_at: string;

  static from(user: User): UserDto {
    return {
      id: user.id,
      username: user.username,
      email: user.email ?? null,
      role: user.role,
      is_active: Boolean(user.isActive),
      created_at: new Date(user.createdAt).toISOString(),
    };
  }
}

export class RegisterDto {
  @ApiProperty({ example: 'john', description: '3-150 letters, digits, _ . or -' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3-150 letters, digits, _ . or -' })
  username: string;

  @ApiProperty({ example: 'correct horse battery', minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ example: 'john@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class CreateUserDto extends RegisterDto {
  @ApiPropertyOptional({ enum: USER_ROLES, default: 'user' })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ example: 'john@example.com', nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ minLength: 8 })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password?: string;
}

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize: number = 50;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 50 }) pageSize: number;
}
