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
import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { BackupRunDto } from '../backups/dto/backup.dto.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { CreateScheduleDto, NextRunDto, ScheduleDto, ScheduleListDto, ScheduleRunDto, UpdateScheduleDto } from './dto/schedule.dto.js';
import { SchedulingService } from './scheduling.service.js';
let SchedulingController = class SchedulingController {
    scheduling;
    constructor(scheduling) {
        this.scheduling = scheduling;
    }
    async list() {
        const items = (await this.scheduling.list()).map((row) => this.toDto(row));
        return { items, total: items.length };
    }
    async next() {
        const { now, next } = await this.scheduling.next();
        return NextRunDto.from(next, now);
    }
    async get(id) {
        return this.toDto(await this.scheduling.get(id));
    }
    async create(dto) {
        return this.toDto(await this.scheduling.create(dto));
    }
    async update(id, dto) {
        return this.toDto(await this.scheduling.update(id, dto));
    }
    async remove(id) {
        await this.scheduling.remove(id);
    }
    async run(user, id) {
        const result = await this.scheduling.runNow(id, user.id);
        return { schedule: this.toDto(await this.scheduling.get(id)), status: result.status, runs: result.runs.map(BackupRunDto.from) };
    }
    toDto(row) {
        return ScheduleDto.from(row, this.scheduling.nextRunOf(row), this.scheduling.isRunning(row));
    }
};
__decorate([
    Get(),
    ApiOperation({
        summary: 'Backup schedules (admin)',
        description: 'Each with its next run (computed now, in UTC and in its own time zone), its last run, and whether it is running.',
    }),
    ApiOkResponse({ type: ScheduleListDto }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Promise)
], SchedulingController.prototype, "list", null);
__decorate([
    Get('next'),
    ApiOperation({
        summary: 'The next scheduled backup (admin)',
        description: 'The soonest run of all enabled schedules: when, which schedule, and the time left as hours/minutes/seconds (what `systemctl list-timers` showed).',
    }),
    ApiOkResponse({ type: NextRunDto }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Promise)
], SchedulingController.prototype, "next", null);
__decorate([
    Get(':id'),
    ApiOperation({ summary: 'One schedule (admin)' }),
    ApiOkResponse({ type: ScheduleDto }),
    ApiErrors(400, 404),
    __param(0, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number]),
    __metadata("design:returntype", Promise)
], SchedulingController.prototype, "get", null);
__decorate([
    Post(),
    ApiOperation({
        summary: 'Create a schedule (admin)',
        description: 'Takes effect at once: its timer is registered before the answer. An invalid cron expression or time zone is a 400 that says what is wrong.',
    }),
    ApiCreatedResponse({ type: ScheduleDto }),
    ApiErrors(400, 409),
    __param(0, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [CreateScheduleDto]),
    __metadata("design:returntype", Promise)
], SchedulingController.prototype, "create", null);
__decorate([
    Patch(':id'),
    ApiOperation({
        summary: 'Change a schedule (admin)',
        description: 'Its timer is registered again with the new timing. Runs the old timing missed are not caught up.',
    }),
    ApiOkResponse({ type: ScheduleDto }),
    ApiErrors(400, 404, 409),
    __param(0, Param('id', ParseIntPipe)),
    __param(1, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, UpdateScheduleDto]),
    __metadata("design:returntype", Promise)
], SchedulingController.prototype, "update", null);
__decorate([
    Delete(':id'),
    HttpCode(204),
    ApiOperation({ summary: 'Delete a schedule (admin)', description: 'Its timer is removed; its past runs stay in /backups/runs. A run in progress finishes.' }),
    ApiNoContentResponse(),
    ApiErrors(400, 404),
    __param(0, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number]),
    __metadata("design:returntype", Promise)
], SchedulingController.prototype, "remove", null);
__decorate([
    Post(':id/run'),
    ApiOperation({
        summary: 'Run a schedule now (admin)',
        description: "Its target(s) with its keep, recorded as a manual run of this schedule (trigger manual, schedule_id set). Waits for the backups. 409 while the schedule's previous run is still going.",
    }),
    ApiCreatedResponse({ type: ScheduleRunDto }),
    ApiErrors(400, 404, 409),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number]),
    __metadata("design:returntype", Promise)
], SchedulingController.prototype, "run", null);
SchedulingController = __decorate([
    ApiTags('schedules'),
    ApiBearerAuth(),
    ApiErrors(401, 403),
    Roles('admin'),
    Controller('schedules'),
    __metadata("design:paramtypes", [SchedulingService])
], SchedulingController);
export { SchedulingController };
//# sourceMappingURL=scheduling.controller.js.map