import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { BackupRunDto } from '../backups/dto/backup.dto.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import type { BackupSchedule } from './backup-schedule.entity.js';
import { CreateScheduleDto, NextRunDto, ScheduleDto, ScheduleListDto, ScheduleRunDto, UpdateScheduleDto } from './dto/schedule.dto.js';
import { SchedulingService } from './scheduling.service.js';

@ApiTags('schedules')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Roles('admin')
@Controller('schedules')
export class SchedulingController {
  constructor(private readonly scheduling: SchedulingService) {}

  @Get()
  @ApiOperation({
    summary: 'Backup schedules (admin)',
    description: 'Each with its next run (computed now, in UTC and in its own time zone), its last run, and whether it is running.',
  })
  @ApiOkResponse({ type: ScheduleListDto })
  async list(): Promise<ScheduleListDto> {
    const items = (await this.scheduling.list()).map((row) => this.toDto(row));
    return { items, total: items.length };
  }

  @Get('next')
  @ApiOperation({
    summary: 'The next scheduled backup (admin)',
    description:
      'The soonest run of all enabled schedules: when, which schedule, and the time left as hours/minutes/seconds (what `systemctl list-timers` showed).',
  })
  @ApiOkResponse({ type: NextRunDto })
  async next(): Promise<NextRunDto> {
    const { now, next } = await this.scheduling.next();
    return NextRunDto.from(next, now);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One schedule (admin)' })
  @ApiOkResponse({ type: ScheduleDto })
  @ApiErrors(400, 404)
  async get(@Param('id', ParseIntPipe) id: number): Promise<ScheduleDto> {
    return this.toDto(await this.scheduling.get(id));
  }

  @Post()
  @ApiOperation({
    summary: 'Create a schedule (admin)',
    description: 'Takes effect at once: its timer is registered before the answer. An invalid cron expression or time zone is a 400 that says what is wrong.',
  })
  @ApiCreatedResponse({ type: ScheduleDto })
  @ApiErrors(400, 409)
  async create(@Body() dto: CreateScheduleDto): Promise<ScheduleDto> {
    return this.toDto(await this.scheduling.create(dto));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a schedule (admin)',
    description: 'Its timer is registered again with the new timing. Runs the old timing missed are not caught up.',
  })
  @ApiOkResponse({ type: ScheduleDto })
  @ApiErrors(400, 404, 409)
  async update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateScheduleDto): Promise<ScheduleDto> {
    return this.toDto(await this.scheduling.update(id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a schedule (admin)', description: 'Its timer is removed; its past runs stay in /backups/runs. A run in progress finishes.' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  async remove(@Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.scheduling.remove(id);
  }

  @Post(':id/run')
  @ApiOperation({
    summary: 'Run a schedule now (admin)',
    description:
      "Its target(s) with its keep, recorded as a manual run of this schedule (trigger manual, schedule_id set). Waits for the backups. 409 while the schedule's previous run is still going.",
  })
  @ApiCreatedResponse({ type: ScheduleRunDto })
  @ApiErrors(400, 404, 409)
  async run(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<ScheduleRunDto> {
    const result = await this.scheduling.runNow(id, user.id);
    return { schedule: this.toDto(await this.scheduling.get(id)), status: result.status, runs: result.runs.map(BackupRunDto.from) };
  }

  private toDto(row: BackupSchedule): ScheduleDto {
    return ScheduleDto.from(row, this.scheduling.nextRunOf(row), this.scheduling.isRunning(row));
  }
}
