import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UserDto } from '../users/dto/user.dto.js';

export class LoginDto {
  @ApiProperty({ example: 'john' })
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  username: string;

  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class TokenDto {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <token>"' }) access_token: string;
  @ApiProperty({ example: 'Bearer' }) token_type: string;
  @ApiProperty({ example: 86400 }) expires_in: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
}
