import { SMTP_TLS_INSECURE_PARAM, smtpUrlProblem } from '../alert-config.js';
import { ALERT_SEND_TIMEOUT_MS, alertFacts, oneLine, scrub } from './alert-channel.js';
const SUBJECT_MESSAGE_MAX = 120;
export function emailSubject(message) {
    return `[BlockShelf] ${message.event}: ${oneLine(message.message, SUBJECT_MESSAGE_MAX)}`;
}
/** Plain text, one "Label: value" line per field; the error keeps its own lines, indented. */
export function emailText(message) {
    const lines = alertFacts(message).map(([label, value]) => `${`${label}:`.padEnd(14)}${value.replace(/\r?\n/g, '\n              ')}`);
    return `${lines.join('\n')}\n\n-- \nBlockShelf API alerts (${message.instance})\n`;
}
function parseSmtpUrl(smtpUrl) {
    const url = new URL(smtpUrl);
    const secure = url.protocol === 'smtps:';
    return {
        // new URL keeps IPv6 hosts bracketed; the socket wants them bare.
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port ? Number(url.port) : secure ? 465 : 587,
        secure,
        user: url.username ? decodeURIComponent(url.username) : undefined,
        pass: url.password ? decodeURIComponent(url.password) : undefined,
        insecureTls: url.searchParams.get(SMTP_TLS_INSECURE_PARAM) === '1',
    };
}
/** One e-mail per alert through an SMTP server named by an smtp:// or smtps:// URL. */
export class EmailChannel {
    key;
    to;
    from;
    timeoutMs;
    kind = 'email';
    display;
    target;
    transport;
    transportOptions;
    secrets;
    constructor(key, smtpUrl, to, from, timeoutMs = ALERT_SEND_TIMEOUT_MS) {
        this.key = key;
        this.to = to;
        this.from = from;
        this.timeoutMs = timeoutMs;
        const problem = smtpUrlProblem(smtpUrl);
        if (problem)
            throw new Error(`alert channel ${key}: SMTP URL has ${problem}`);
        if (!to.length)
            throw new Error(`alert channel ${key}: no recipients`);
        this.target = parseSmtpUrl(smtpUrl);
        const { host, port, secure, user, pass, insecureTls } = this.target;
        this.display = `${secure ? 'smtps' : 'smtp'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
        this.secrets = [pass, pass && Buffer.from(pass).toString('base64'), user && pass && Buffer.from(`\0${user}\0${pass}`).toString('base64')]
            .filter((s) => !!s)
            .sort((a, b) => b.length - a.length);
        // Options, not the URL: nodemailer would read ?tls_insecure=1 as an unknown option and drop it.
        this.transportOptions = {
            host,
            port,
            // smtps:// is TLS from the first byte; smtp:// upgrades with STARTTLS whenever the server offers it.
            secure,
            requireTLS: false,
            auth: user ? { user, pass: pass ?? '' } : undefined,
            tls: insecureTls ? { rejectUnauthorized: false } : undefined,
            connectionTimeout: timeoutMs,
            greetingTimeout: timeoutMs,
            socketTimeout: timeoutMs,
        };
    }
    async send(message) {
        try {
            const transport = await (this.transport ??= import('nodemailer').then(({ default: mailer }) => mailer.createTransport(this.transportOptions)));
            await transport.sendMail({
                from: this.from,
                to: this.to,
                subject: emailSubject(message),
                text: emailText(message),
                signal: AbortSignal.timeout(this.timeoutMs),
            });
        }
        catch (err) {
            throw this.describe(err);
        }
    }
    /** A message built from nodemailer's codes and the server's reply; nothing that could carry the password. */
    describe(err) {
        const e = (err ?? {});
        const where = this.display.replace(/^smtps?:\/\//, '');
        const reply = e.response ? `: ${oneLine(scrub(e.response, this.secrets), 200)}` : '';
        if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.code === 'EABORT' || e.code === 'ETIMEDOUT')
            return new Error(`SMTP timed out after ${this.timeoutMs / 1000} s (${where})`);
        if (e.code === 'EAUTH')
            return new Error(`SMTP auth failed (${where})${e.responseCode ? `: server said ${e.responseCode}` : ''}`);
        if (e.originalCode === 'ECONNREFUSED' || e.code === 'ECONNREFUSED')
            return new Error(`connection refused (${where})`);
        if (e.originalCode === 'ENOTFOUND' || e.originalCode === 'EAI_AGAIN' || e.code === 'EDNS')
            return new Error(`host not found (${where})`);
        if (e.code === 'ETLS' || /CERT|SSL|TLS/.test(e.originalCode ?? ''))
            return new Error(`SMTP TLS failed (${where}): ${e.originalCode ?? e.code} (for a self-signed or private certificate add ?${SMTP_TLS_INSECURE_PARAM}=1 to the URL)`);
        if (e.code === 'EENVELOPE')
            return new Error(`SMTP server refused the sender or recipients (${where})${reply}`);
        if (e.code === 'EMESSAGE')
            return new Error(`SMTP server refused the message (${where})${reply}`);
        return new Error(`SMTP delivery failed (${where}): ${e.originalCode ?? e.code ?? e.name ?? 'unknown error'}${reply}`);
    }
}
//# sourceMappingURL=email.channel.js.map