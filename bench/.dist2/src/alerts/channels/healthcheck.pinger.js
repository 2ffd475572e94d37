import { httpUrlProblem } from '../alert-config.js';
import { ALERT_SEND_TIMEOUT_MS, describeFetchError, fetchTarget, maskUrl, oneLine, scrub, urlSecrets } from './alert-channel.js';
/** healthchecks.io accepts up to 100 kB; the first 10 kB of an error say what went wrong. */
export const PING_BODY_MAX_BYTES = 10_000;
/** Cuts text to at most maxBytes of UTF-8 without splitting a character. */
export function truncateUtf8(text, maxBytes) {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length <= maxBytes)
        return text;
    let end = maxBytes;
    // Back up over continuation bytes (10xxxxxx) to the start of the character that would be split.
    while (end > 0 && (bytes[end] & 0xc0) === 0x80)
        end--;
    return bytes.subarray(0, end).toString('utf8');
}
/**
 * The dead-man's switch, in the healthchecks.io convention: <url>/start when a scheduled run starts,
 * <url> on success, <url>/fail on failure. The service alerts when the pings stop coming.
 */
export class HealthcheckPinger {
    url;
    timeoutMs;
    display;
    host;
    secrets;
    constructor(url, timeoutMs = ALERT_SEND_TIMEOUT_MS) {
        this.url = url;
        this.timeoutMs = timeoutMs;
        const problem = httpUrlProblem(url);
        if (problem)
            throw new Error(`healthcheck ping URL: ${problem}`);
        this.display = maskUrl(url);
        this.host = new URL(url).host;
        this.secrets = urlSecrets(url);
    }
    /** The URL for one kind of ping; a query string (?rid=…) stays after the suffix. */
    urlFor(kind) {
        const target = new URL(this.url);
        if (kind !== 'success')
            target.pathname = `${target.pathname.replace(/\/+$/, '')}/${kind}`;
        return target.toString();
    }
    async ping(kind, body) {
        const target = fetchTarget(this.urlFor(kind));
        let response;
        try {
            response = await fetch(target.href, {
                method: 'POST',
                headers: { ...target.headers, 'Content-Type': 'text/plain; charset=utf-8', 'User-Agent': 'BlockShelf-API' },
                body: body === undefined ? undefined : truncateUtf8(body, PING_BODY_MAX_BYTES),
                signal: AbortSignal.timeout(this.timeoutMs),
            });
        }
        catch (err) {
            throw describeFetchError(err, this.host, this.timeoutMs);
        }
        let text = '';
        try {
            text = await response.text();
        }
        catch {
            // The status decides.
        }
        if (!response.ok) {
            const detail = oneLine(scrub(text, this.secrets), 200);
            throw new Error(`HTTP ${response.status} from ${this.host} (${kind} ping)${detail ? `: ${detail}` : ''}`);
        }
    }
}
//# sourceMappingURL=healthcheck.pinger.js.map