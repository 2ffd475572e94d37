var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
/** A channel added through POST /api/alerts/channels (environment channels are not stored). */
let AlertChannelRow = class AlertChannelRow {
    id;
    kind;
    name;
    /** Webhook URL or SMTP URL: a secret, never shown in full. */
    url;
    secret;
    emailTo;
    emailFrom;
    createdAt;
};
__decorate([
    PrimaryGeneratedColumn(),
    __metadata("design:type", Number)
], AlertChannelRow.prototype, "id", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], AlertChannelRow.prototype, "kind", void 0);
__decorate([
    Column({ type: 'varchar', length: 100, nullable: true }),
    __metadata("design:type", Object)
], AlertChannelRow.prototype, "name", void 0);
__decorate([
    Column({ type: 'text' }),
    __metadata("design:type", String)
], AlertChannelRow.prototype, "url", void 0);
__decorate([
    Column({ type: 'varchar', length: 200, nullable: true }),
    __metadata("design:type", Object)
], AlertChannelRow.prototype, "secret", void 0);
__decorate([
    Column({ name: 'email_to', type: 'text', nullable: true }),
    __metadata("design:type", Object)
], AlertChannelRow.prototype, "emailTo", void 0);
__decorate([
    Column({ name: 'email_from', type: 'varchar', length: 200, nullable: true }),
    __metadata("design:type", Object)
], AlertChannelRow.prototype, "emailFrom", void 0);
__decorate([
    Column({ name: 'created_at', type: Date }),
    __metadata("design:type", Date)
], AlertChannelRow.prototype, "createdAt", void 0);
AlertChannelRow = __decorate([
    Entity('alert_channels')
], AlertChannelRow);
export { AlertChannelRow };
/** The outbox: one row per alert per channel, retried with backoff until sent or given up. */
let AlertDelivery = class AlertDelivery {
    id;
    event;
    channelKey;
    /** The channel, masked (safe to show). */
    channelDisplay;
    /** The AlertMessage as JSON (for a healthcheck ping: { ping, body }). */
    payload;
    status;
    attempts;
    nextAttemptAt;
    lastError;
    claimedBy;
    claimedUntil;
    createdAt;
    sentAt;
};
__decorate([
    PrimaryGeneratedColumn(),
    __metadata("design:type", Number)
], AlertDelivery.prototype, "id", void 0);
__decorate([
    Column({ type: 'varchar', length: 32 }),
    __metadata("design:type", String)
], AlertDelivery.prototype, "event", void 0);
__decorate([
    Column({ name: 'channel_key', type: 'varchar', length: 64 }),
    __metadata("design:type", String)
], AlertDelivery.prototype, "channelKey", void 0);
__decorate([
    Column({ name: 'channel_display', type: 'varchar', length: 300 }),
    __metadata("design:type", String)
], AlertDelivery.prototype, "channelDisplay", void 0);
__decorate([
    Column({ type: 'text' }),
    __metadata("design:type", String)
], AlertDelivery.prototype, "payload", void 0);
__decorate([
    Column({ type: 'varchar', length: 16 }),
    __metadata("design:type", String)
], AlertDelivery.prototype, "status", void 0);
__decorate([
    Column({ type: 'int', default: 0 }),
    __metadata("design:type", Number)
], AlertDelivery.prototype, "attempts", void 0);
__decorate([
    Column({ name: 'next_attempt_at', type: Date }),
    __metadata("design:type", Date)
], AlertDelivery.prototype, "nextAttemptAt", void 0);
__decorate([
    Column({ name: 'last_error', type: 'text', nullable: true }),
    __metadata("design:type", Object)
], AlertDelivery.prototype, "lastError", void 0);
__decorate([
    Column({ name: 'claimed_by', type: 'varchar', length: 80, nullable: true }),
    __metadata("design:type", Object)
], AlertDelivery.prototype, "claimedBy", void 0);
__decorate([
    Column({ name: 'claimed_until', type: Date, nullable: true }),
    __metadata("design:type", Object)
], AlertDelivery.prototype, "claimedUntil", void 0);
__decorate([
    Column({ name: 'created_at', type: Date }),
    __metadata("design:type", Date)
], AlertDelivery.prototype, "createdAt", void 0);
__decorate([
    Column({ name: 'sent_at', type: Date, nullable: true }),
    __metadata("design:type", Object)
], AlertDelivery.prototype, "sentAt", void 0);
AlertDelivery = __decorate([
    Entity('alert_deliveries')
], AlertDelivery);
export { AlertDelivery };
/** An open problem (a failing schedule, a stale backup…): its first alert went out; the next is a reminder or the recovery. */
let AlertProblem = class AlertProblem {
    key;
    event;
    message;
    openedAt;
    lastAlertedAt;
};
__decorate([
    PrimaryColumn({ name: 'problem_key', type: 'varchar', length: 120 }),
    __metadata("design:type", String)
], AlertProblem.prototype, "key", void 0);
__decorate([
    Column({ type: 'varchar', length: 32 }),
    __metadata("design:type", String)
], AlertProblem.prototype, "event", void 0);
__decorate([
    Column({ type: 'text' }),
    __metadata("design:type", String)
], AlertProblem.prototype, "message", void 0);
__decorate([
    Column({ name: 'opened_at', type: Date }),
    __metadata("design:type", Date)
], AlertProblem.prototype, "openedAt", void 0);
__decorate([
    Column({ name: 'last_alerted_at', type: Date }),
    __metadata("design:type", Date)
], AlertProblem.prototype, "lastAlertedAt", void 0);
AlertProblem = __decorate([
    Entity('alert_problems')
], AlertProblem);
export { AlertProblem };
//# sourceMappingURL=alert.entities.js.map