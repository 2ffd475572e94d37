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
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AlertChannelRow } from './alert.entities.js';
import { channelFromRow, channelsFromConfig } from './channels/channel-factory.js';
import { HealthcheckPinger } from './channels/healthcheck.pinger.js';
/** The channels alerts go to: those from the environment and those added through the API. */
let AlertChannels = class AlertChannels {
    rows;
    config;
    fromEnv;
    pinger;
    constructor(rows, config) {
        this.rows = rows;
        this.config = config;
        this.fromEnv = channelsFromConfig(config.alerts);
        this.pinger = config.alerts.healthcheckPingUrl ? new HealthcheckPinger(config.alerts.healthcheckPingUrl) : null;
    }
    async all() {
        const stored = await this.rows.find({ order: { id: 'ASC' } });
        return [...this.fromEnv.map((channel) => ({ channel })), ...stored.map((row) => ({ channel: this.build(row), row }))];
    }
    async byKey(key) {
        return (await this.all()).find(({ channel }) => channel.key === key)?.channel;
    }
    async add(input) {
        const row = this.rows.create({
            kind: input.kind,
            name: input.name ?? null,
            url: input.url,
            secret: input.secret ?? null,
            emailTo: input.emailTo?.join(',') ?? null,
            emailFrom: input.emailFrom ?? null,
            createdAt: new Date(),
        });
        // Built before it is saved: a URL the channel cannot use is a 400, and nothing is written.
        this.build({ ...row, id: 0 });
        const saved = await this.rows.save(row);
        return { channel: this.build(saved), row: saved };
    }
    async remove(id) {
        const result = await this.rows.delete({ id });
        if (!result.affected)
            throw new NotFoundException(`Alert channel ${id} not found (channels from the environment cannot be deleted here)`);
    }
    build(row) {
        try {
            return channelFromRow(row);
        }
        catch (error) {
            throw new BadRequestException(`The channel cannot be used: ${error.message}`);
        }
    }
};
AlertChannels = __decorate([
    Injectable(),
    __param(0, InjectRepository(AlertChannelRow)),
    __metadata("design:paramtypes", [Repository,
        AppConfig])
], AlertChannels);
export { AlertChannels };
//# sourceMappingURL=alert-channels.service.js.map