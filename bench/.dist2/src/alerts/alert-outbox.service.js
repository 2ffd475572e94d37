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
var AlertOutbox_1;
import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, LessThanOrEqual, Repository } from 'typeorm';
import { InstanceRegistry } from '../instances/instance-registry.service.js';
import { MetricsRegistry } from '../metrics/metrics.registry.js';
import { Clock } from '../scheduling/clock.js';
import { AlertChannels } from './alert-channels.service.js';
import { AlertDelivery } from './alert.entities.js';
/** Waits before the 2nd…6th attempt: six attempts over about an hour, then the delivery is given up (shown as failed). */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 5 * 60_000, 15 * 60_000, 40 * 60_000];
const POLL_MS = 2_000;
/** A claimed delivery whose sender died is handed out again after this. */
const CLAIM_MS = 60_000;
export const PING_CHANNEL = 'healthcheck';
/**
 * The outbox: an alert is a row per channel, written in the same breath as
 * the event and sent by a worker on any instance, with retries and backoff.
 * Sending never runs inside a backup: a slow or dead receiver costs the
 * backup nothing.
 */
let AlertOutbox = AlertOutbox_1 = class AlertOutbox {
    deliveries;
    channels;
    instances;
    clock;
    metrics;
    logger = new Logger(AlertOutbox_1.name);
    timer;
    working;
    constructor(deliveries, channels, instances, clock, metrics) {
        this.deliveries = deliveries;
        this.channels = channels;
        this.instances = instances;
        this.clock = clock;
        this.metrics = metrics;
    }
    onApplicationBootstrap() {
        this.timer = setInterval(() => void this.work().catch((e) => this.logger.warn(`Alert delivery failed: ${e.message}`)), POLL_MS);
        this.timer.unref();
    }
    /** A CLI run (cron) may be the only process: what it raised is tried once before it exits. */
    async onApplicationShutdown() {
        clearInterval(this.timer);
        await this.working?.catch(() => undefined);
        await this.work().catch(() => undefined);
    }
    async enqueue(message) {
        const targets = await this.channels.all();
        const now = this.clock.now();
        for (const { channel } of targets) {
            await this.deliveries.save(this.deliveries.create({
                event: message.event,
                channelKey: channel.key,
                channelDisplay: channel.display,
                payload: JSON.stringify(message),
                status: 'pending',
                attempts: 0,
                nextAttemptAt: now,
                createdAt: now,
            }));
        }
        return targets.length;
    }
    /** A healthchecks.io-style ping (start / success / fail), through the same outbox. */
    async enqueuePing(ping, body) {
        if (!this.channels.pinger)
            return;
        const now = this.clock.now();
        await this.deliveries.save(this.deliveries.create({
            event: `ping.${ping}`,
            channelKey: PING_CHANNEL,
            channelDisplay: this.channels.pinger.display,
            payload: JSON.stringify({ ping, body }),
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
        }));
    }
    /** Sends what is due; one pass at a time per process. Returns how many were attempted. */
    work() {
        this.working ??= this.sendDue().finally(() => (this.working = undefined));
        return this.working;
    }
    async sendDue() {
        const now = this.clock.now();
        // A sender that died mid-delivery: its claim runs out and the row is due again.
        await this.deliveries.update({ status: 'sending', claimedUntil: LessThan(now) }, { status: 'pending', claimedBy: null, claimedUntil: null });
        const due = await this.deliveries.find({ where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) }, order: { id: 'ASC' }, take: 20 });
        let attempted = 0;
        for (const delivery of due) {
            // Exactly one instance gets each delivery.
            const claimed = await this.deliveries.update({ id: delivery.id, status: 'pending' }, { status: 'sending', claimedBy: this.instances.id, claimedUntil: new Date(now.getTime() + CLAIM_MS) });
            if (!claimed.affected)
                continue;
            attempted++;
            await this.attempt(delivery);
        }
        return attempted;
    }
    async attempt(delivery) {
        const attempts = delivery.attempts + 1;
        try {
            await this.send(delivery);
            await this.deliveries.update(delivery.id, { status: 'sent', attempts, sentAt: this.clock.now(), lastError: null, claimedBy: null, claimedUntil: null });
            this.metrics?.alertsSent.inc({ channel: delivery.channelKey, event: delivery.event });
        }
        catch (error) {
            // Channel errors are written without secrets (the channels mask URLs and passwords).
            const lastError = error instanceof Error ? error.message : String(error);
            const delay = RETRY_DELAYS_MS[attempts - 1];
            const status = delay === undefined ? 'failed' : 'pending';
            await this.deliveries.update(delivery.id, {
                status,
                attempts,
                lastError,
                nextAttemptAt: new Date(this.clock.now().getTime() + (delay ?? 0)),
                claimedBy: null,
                claimedUntil: null,
            });
            this.metrics?.alertsFailed.inc({ channel: delivery.channelKey });
            this.logger.warn(`Alert ${delivery.event} to ${delivery.channelDisplay}: attempt ${attempts} failed (${lastError})${status === 'failed' ? '; giving up' : ''}`);
        }
    }
    async send(delivery) {
        if (delivery.channelKey === PING_CHANNEL) {
            if (!this.channels.pinger)
                throw new Error('HEALTHCHECK_PING_URL is no longer set');
            const { ping, body } = JSON.parse(delivery.payload);
            return this.channels.pinger.ping(ping, body);
        }
        const channel = await this.channels.byKey(delivery.channelKey);
        if (!channel)
            throw new Error('The channel was removed');
        await channel.send(JSON.parse(delivery.payload));
    }
    /** A delivery made directly (the test alert), recorded in the log like any other. */
    async record(message, channel, error) {
        const now = this.clock.now();
        await this.deliveries.save(this.deliveries.create({
            event: message.event,
            channelKey: channel.key,
            channelDisplay: channel.display,
            payload: JSON.stringify(message),
            status: error ? 'failed' : 'sent',
            attempts: 1,
            nextAttemptAt: now,
            lastError: error,
            createdAt: now,
            sentAt: error ? null : now,
        }));
        if (error)
            this.metrics?.alertsFailed.inc({ channel: channel.key });
        else
            this.metrics?.alertsSent.inc({ channel: channel.key, event: message.event });
    }
    list(page, pageSize) {
        return this.deliveries.findAndCount({ order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    }
};
AlertOutbox = AlertOutbox_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(AlertDelivery)),
    __param(4, Optional()),
    __metadata("design:paramtypes", [Repository,
        AlertChannels,
        InstanceRegistry,
        Clock,
        MetricsRegistry])
], AlertOutbox);
export { AlertOutbox };
//# sourceMappingURL=alert-outbox.service.js.map