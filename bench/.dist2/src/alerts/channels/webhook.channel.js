import { createHmac } from 'node:crypto';
import { httpUrlProblem } from '../alert-config.js';
import { ALERT_SEND_TIMEOUT_MS, alertFacts, describeFetchError, fetchTarget, maskUrl, oneLine, scrub, urlSecrets, } from './alert-channel.js';
export const SIGNATURE_HEADER = 'X-BlockShelf-Signature';
/** Discord rejects a message whose content is longer. */
export const DISCORD_MAX_CONTENT = 2000;
/** Long enough for a stack trace's first lines, short enough to stay one readable chat message. */
const MAX_ERROR_IN_CHAT = 1500;
/** Which payload a webhook URL expects, from its host (and Discord's path). */
export function webhookKindOf(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return 'webhook';
    }
    const host = parsed.hostname.toLowerCase();
    if (host === 'hooks.slack.com')
        return 'slack';
    // ptb.discord.com and canary.discord.com take the same webhooks; discordapp.com is the old domain.
    if ((host === 'discord.com' || host.endsWith('.discord.com')) && parsed.pathname.startsWith('/api/webhooks/'))
        return 'discord';
    if (host === 'discordapp.com' || host.endsWith('.discordapp.com'))
        return 'discord';
    return 'webhook';
}
/** The readable one-paragraph summary the chat payloads share: event, message, error, run id, schedule, last success, link. */
export function chatSummary(message, bold, escape = (t) => t) {
    const facts = alertFacts(message).filter(([label]) => !['Event', 'Severity', 'Message', 'Started', 'Finished', 'At'].includes(label));
    const parts = facts.map(([label, value]) => `${label}: ${escape(label === 'Error' ? oneLine(value, MAX_ERROR_IN_CHAT) : value)}`);
    const icon = message.event === 'backup.recovered' ? '✅' : SEVERITY_ICON[message.severity];
    return `${icon} ${bold(`[BlockShelf] ${message.event}`)} ${escape(message.message)}${parts.length ? ` — ${parts.join(' · ')}` : ''}`;
}
// Unicode, not :shortcodes:: Discord shows shortcodes sent through a webhook as plain text.
const SEVERITY_ICON = { critical: '🚨', warning: '⚠️', info: 'ℹ️' };
/** Slack's mrkdwn treats &, < and > as control characters. */
const slackEscape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export function slackBody(message) {
    return { text: chatSummary(message, (t) => `*${t}*`, slackEscape) };
}
export function discordBody(message) {
    const content = chatSummary(message, (t) => `**${t}**`);
    const chars = Array.from(content);
    return {
        content: chars.length > DISCORD_MAX_CONTENT ? `${chars.slice(0, DISCORD_MAX_CONTENT - 1).join('')}…` : content,
        // An error text with "@everyone" in it must not ping the whole server.
        allowed_mentions: { parse: [] },
    };
}
/** The exact bytes sent for one message; the signature is computed over them. */
export function webhookBody(kind, message) {
    const payload = kind === 'slack' ? slackBody(message) : kind === 'discord' ? discordBody(message) : message;
    return Buffer.from(JSON.stringify(payload), 'utf8');
}
export function signBody(body, secret) {
    return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
/** A JSON POST to a generic, Slack or Discord incoming webhook. */
export class WebhookChannel {
    key;
    url;
    secret;
    timeoutMs;
    kind;
    display;
    host;
    secrets;
    /**
     * @param kindOverride picks the payload regardless of the URL (tests point a Slack-shaped channel at loopback).
     * @param timeoutMs 10 s in production; tests shorten it.
     */
    constructor(key, url, secret, kindOverride, timeoutMs = ALERT_SEND_TIMEOUT_MS) {
        this.key = key;
        this.url = url;
        this.secret = secret;
        this.timeoutMs = timeoutMs;
        const problem = httpUrlProblem(url);
        if (problem)
            throw new Error(`alert channel ${key}: ${problem}`);
        this.kind = kindOverride ?? webhookKindOf(url);
        this.display = maskUrl(url);
        this.host = new URL(url).host;
        this.secrets = urlSecrets(url, secret);
    }
    async send(message) {
        const body = webhookBody(this.kind, message);
        const target = fetchTarget(this.url);
        const headers = { ...target.headers, 'Content-Type': 'application/json', 'User-Agent': 'BlockShelf-API' };
        if (this.secret)
            headers[SIGNATURE_HEADER] = signBody(body, this.secret);
        let response;
        try {
            // A redirect is answered as a failure: following it would resend the alert (and its signature) to a host nobody configured.
            response = await fetch(target.href, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
        }
        catch (err) {
            throw describeFetchError(err, this.host, this.timeoutMs);
        }
        // Read the body either way, so the connection is released; its text helps when the receiver says why (Slack: "invalid_token").
        let text = '';
        try {
            text = await response.text();
        }
        catch {
            // The status is what matters; a body cut short by the timeout changes nothing.
        }
        if (response.status < 200 || response.status >= 300) {
            const detail = oneLine(scrub(text, this.secrets), 200);
            throw new Error(`HTTP ${response.status} from ${this.host}${detail ? `: ${detail}` : ''}`);
        }
    }
}
//# sourceMappingURL=webhook.channel.js.map