export const DEFAULT_ALERT_EMAIL_FROM = 'BlockShelf <blockshelf@localhost>';
export const DEFAULT_ALERT_REPEAT_HOURS = 24;
/** The one option an SMTP_URL may carry; anything else is a typo that would be silently ignored. */
export const SMTP_TLS_INSECURE_PARAM = 'tls_insecure';
// URLs and secrets are passed to fail() as '<hidden>': a webhook URL is itself a credential.
const HIDDEN = '<hidden>';
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;
const NAMED_ADDRESS = /^[^<>@,;"]*<([^\s@<>,;"]+@[^\s@<>,;"]+)>$/;
/** Why url cannot be a webhook or ping URL, or null when it can. The text never quotes the URL. */
export function httpUrlProblem(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return 'not a URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        return `scheme ${parsed.protocol} is not http: or https:`;
    if (!parsed.hostname)
        return 'no host';
    return null;
}
/** Why url cannot be an SMTP URL, or null when it can. The text never quotes the URL. */
export function smtpUrlProblem(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return 'not a URL';
    }
    if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:')
        return `scheme ${parsed.protocol} is not smtp: or smtps:`;
    if (!parsed.hostname)
        return 'no host';
    if (parsed.password && !parsed.username)
        return 'a password without a user name';
    if (parsed.pathname && parsed.pathname !== '/')
        return 'a path (an SMTP URL has none)';
    for (const [name, value] of parsed.searchParams) {
        if (name !== SMTP_TLS_INSECURE_PARAM)
            return `unknown option ?${name} (only ?${SMTP_TLS_INSECURE_PARAM}=1)`;
        if (value !== '0' && value !== '1')
            return `?${SMTP_TLS_INSECURE_PARAM}=${value} (expected 1 or 0)`;
    }
    return null;
}
/** Comma-separated plain addresses (ops@example.com,oncall@example.com); null when one is not an address. */
export function parseEmailList(raw) {
    const list = raw
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
    return list.length && list.every((a) => ADDRESS.test(a)) ? list : null;
}
/** A sender as "address" or "Display Name <address>". */
export function isEmailSender(raw) {
    return ADDRESS.test(raw) || NAMED_ADDRESS.test(raw.trim());
}
export function parseAlertConfig(env, fail) {
    const webhookUrls = (env.ALERT_WEBHOOK_URLS ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
    webhookUrls.forEach((url, i) => {
        const problem = httpUrlProblem(url);
        if (problem)
            fail('ALERT_WEBHOOK_URLS', `comma-separated http(s):// URLs (URL ${i + 1}: ${problem})`, HIDDEN);
    });
    const webhookSecret = env.ALERT_WEBHOOK_SECRET || undefined;
    if (webhookSecret !== undefined && webhookSecret.length < 16)
        fail('ALERT_WEBHOOK_SECRET', 'at least 16 characters (or unset for unsigned webhooks)', HIDDEN);
    const smtpUrl = env.SMTP_URL || undefined;
    if (smtpUrl) {
        const problem = smtpUrlProblem(smtpUrl);
        if (problem)
            fail('SMTP_URL', `smtp://user:pass@host:587 or smtps://user:pass@host:465, optionally ?${SMTP_TLS_INSECURE_PARAM}=1 (${problem})`, HIDDEN);
    }
    const rawTo = env.ALERT_EMAIL_TO || undefined;
    let emailTo = [];
    if (rawTo) {
        emailTo = parseEmailList(rawTo) ?? fail('ALERT_EMAIL_TO', 'comma-separated e-mail addresses such as ops@example.com,oncall@example.com', rawTo);
        if (!smtpUrl)
            fail('SMTP_URL', 'an smtp:// or smtps:// URL whenever ALERT_EMAIL_TO is set', smtpUrl);
    }
    else if (smtpUrl) {
        fail('ALERT_EMAIL_TO', 'comma-separated e-mail addresses (required when SMTP_URL is set)', rawTo);
    }
    const emailFrom = env.ALERT_EMAIL_FROM?.trim() || DEFAULT_ALERT_EMAIL_FROM;
    if (!isEmailSender(emailFrom))
        fail('ALERT_EMAIL_FROM', 'an e-mail address or "Name <address>"', env.ALERT_EMAIL_FROM);
    const healthcheckPingUrl = env.HEALTHCHECK_PING_URL || undefined;
    if (healthcheckPingUrl) {
        const problem = httpUrlProblem(healthcheckPingUrl);
        if (problem)
            fail('HEALTHCHECK_PING_URL', `an http(s):// ping URL such as https://hc-ping.com/<uuid> (${problem})`, HIDDEN);
    }
    const rawRepeat = env.ALERT_REPEAT_HOURS;
    let repeatHours = DEFAULT_ALERT_REPEAT_HOURS;
    if (rawRepeat !== undefined && rawRepeat !== '') {
        repeatHours = /^\d+$/.test(rawRepeat.trim()) ? Number(rawRepeat.trim()) : NaN;
        if (!(repeatHours >= 1 && repeatHours <= 8760))
            fail('ALERT_REPEAT_HOURS', 'an integer from 1 to 8760 (hours between reminders of an unresolved problem)', rawRepeat);
    }
    return {
        webhookUrls,
        ...(webhookSecret ? { webhookSecret } : {}),
        ...(smtpUrl ? { smtpUrl } : {}),
        emailTo,
        emailFrom,
        ...(healthcheckPingUrl ? { healthcheckPingUrl } : {}),
        repeatHours,
    };
}
//# sourceMappingURL=alert-config.js.map