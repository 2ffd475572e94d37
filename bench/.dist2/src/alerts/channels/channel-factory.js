import { DEFAULT_ALERT_EMAIL_FROM, parseEmailList } from '../alert-config.js';
import { EmailChannel } from './email.channel.js';
import { WebhookChannel } from './webhook.channel.js';
/** The channels configured by environment: env:webhook:1..n in the order of ALERT_WEBHOOK_URLS, then env:email. */
export function channelsFromConfig(config) {
    const channels = config.webhookUrls.map((url, i) => new WebhookChannel(`env:webhook:${i + 1}`, url, config.webhookSecret));
    if (config.smtpUrl)
        channels.push(new EmailChannel('env:email', config.smtpUrl, config.emailTo, config.emailFrom));
    return channels;
}
/** A channel added at run time and stored in the database; throws (without quoting the URL) when the row cannot make one. */
export function channelFromRow(row) {
    const key = `db:${row.id}`;
    switch (row.kind) {
        case 'webhook':
            return new WebhookChannel(key, row.url, row.secret ?? undefined);
        case 'email': {
            const to = row.emailTo ? parseEmailList(row.emailTo) : null;
            if (!to)
                throw new Error(`alert channel ${key}: emailTo must be comma-separated e-mail addresses`);
            return new EmailChannel(key, row.url, to, row.emailFrom || DEFAULT_ALERT_EMAIL_FROM);
        }
        default: {
            const kind = row.kind;
            throw new Error(`alert channel ${key}: unknown kind ${String(kind)}`);
        }
    }
}
//# sourceMappingURL=channel-factory.js.map