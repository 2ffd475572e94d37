export const ALERT_SEND_TIMEOUT_MS = 10_000;
const MASK = '***';
/** A path segment that carries a secret: long, or with a digit (Slack's T…/B… ids, Discord's ids, UUIDs, ping keys). */
const TOKEN_SEGMENT = /^(?=.*\d).{8,}$|^.{20,}$/;
/**
 * The URL with userinfo, query, fragment and every path segment from the first token-like one on
 * replaced by "***". Webhook URLs are bearer secrets: whoever reads one can post to the channel.
 */
export function maskUrl(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return '<invalid url>';
    }
    const userinfo = parsed.username || parsed.password ? `${MASK}@` : '';
    const segments = parsed.pathname.split('/');
    const firstToken = segments.findIndex((segment) => TOKEN_SEGMENT.test(decodeSegment(segment)));
    const path = firstToken === -1 ? parsed.pathname : [...segments.slice(0, firstToken), MASK].join('/');
    const query = parsed.search ? `?${MASK}` : '';
    const fragment = parsed.hash ? `#${MASK}` : '';
    // Non-special schemes (smtp:) keep an empty path as "", special ones (http:) as "/".
    return `${parsed.protocol}//${userinfo}${parsed.host}${path}${query}${fragment}`;
}
function decodeSegment(segment) {
    try {
        return decodeURIComponent(segment);
    }
    catch {
        return segment;
    }
}
/**
 * Every piece of a URL that maskUrl hides, longest first, so an error text that echoes one of them
 * (a receiver repeating its path, a library quoting the URL) can be scrubbed before it is shown.
 */
export function urlSecrets(url, ...extra) {
    const secrets = new Set(extra.filter((s) => !!s && s.length >= 3));
    try {
        const parsed = new URL(url);
        secrets.add(url);
        for (const part of [
            parsed.username,
            parsed.password,
            decodeSegment(parsed.username),
            decodeSegment(parsed.password),
            parsed.search.slice(1),
            parsed.hash.slice(1),
        ]) {
            if (part.length >= 3)
                secrets.add(part);
        }
        for (const value of parsed.searchParams.values())
            if (value.length >= 3)
                secrets.add(value);
        const segments = parsed.pathname.split('/');
        const firstToken = segments.findIndex((segment) => TOKEN_SEGMENT.test(decodeSegment(segment)));
        if (firstToken !== -1) {
            secrets.add(segments.slice(firstToken).join('/'));
            for (const segment of segments.slice(firstToken)) {
                if (segment.length >= 3)
                    secrets.add(segment);
                if (decodeSegment(segment).length >= 3)
                    secrets.add(decodeSegment(segment));
            }
        }
    }
    catch {
        // An unparsable URL is never put in a message, so there is nothing to scrub.
    }
    return [...secrets].sort((a, b) => b.length - a.length);
}
/**
 * fetch() refuses a URL with userinfo, so https://user:pass@host/… becomes the URL without it plus
 * an Authorization: Basic header: receivers behind basic auth are configured the usual way.
 */
export function fetchTarget(url) {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password)
        return { href: url, headers: {} };
    const credentials = `${decodeSegment(parsed.username)}:${decodeSegment(parsed.password)}`;
    parsed.username = '';
    parsed.password = '';
    return { href: parsed.toString(), headers: { Authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` } };
}
/** Replaces each secret in text with "***". */
export function scrub(text, secrets) {
    let out = text;
    for (const secret of secrets)
        out = out.split(secret).join(MASK);
    return out;
}
/** One line, at most max characters (a receiver's error page can be a whole HTML document). */
export function oneLine(text, max) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
/**
 * Says why a fetch() to host failed, from the error's code only: undici's messages and causes can
 * quote the request URL, so none of their text is passed on.
 */
export function describeFetchError(err, host, timeoutMs) {
    const e = err;
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
        return new Error(`timed out after ${timeoutMs / 1000} s (${host})`);
    const cause = e?.cause;
    const where = cause?.address ? `${cause.address}${cause.port ? `:${cause.port}` : ''}` : host;
    switch (cause?.code) {
        case 'ECONNREFUSED':
            return new Error(`connection refused (${where})`);
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return new Error(`host not found (${host})`);
        case 'ECONNRESET':
        case 'UND_ERR_SOCKET':
            return new Error(`connection reset (${where})`);
        case 'ETIMEDOUT':
        case 'UND_ERR_CONNECT_TIMEOUT':
            return new Error(`connection timed out (${where})`);
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
            return new Error(`host unreachable (${where})`);
        case undefined:
            // fetch() refuses ports of other protocols outright (the Fetch spec's "bad ports": 9, 25, 6000…).
            if (cause?.message === 'bad port')
                return new Error(`port blocked by fetch (${host}): use another port`);
            return new Error(`request failed (${host}): ${cause?.name ?? e?.name ?? 'unknown error'}`);
        default:
            // TLS problems land here: CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID…
            return new Error(`request failed (${host}): ${cause?.code}`);
    }
}
/** The fields an admin needs to act on, as label/value pairs, in the order every channel shows them. */
export function alertFacts(message) {
    const facts = [
        ['Event', message.event],
        ['Severity', message.severity],
        ['Message', message.message],
    ];
    const { run, backup, schedule } = message;
    if (run) {
        facts.push(['Run', `#${run.id} (target ${run.target}, status ${run.status})`]);
        if (run.error)
            facts.push(['Error', run.error]);
        facts.push(['Started', run.started_at]);
        if (run.finished_at)
            facts.push(['Finished', run.finished_at]);
    }
    if (backup)
        facts.push(['Backup', `#${backup.id} ${backup.file_name} (${backup.type})`]);
    if (schedule)
        facts.push(['Schedule', `#${schedule.id} ${schedule.name} (${schedule.cron})`]);
    if (message.last_success_at !== undefined)
        facts.push(['Last success', message.last_success_at ?? 'never']);
    if (message.link)
        facts.push(['Link', message.link]);
    facts.push(['Instance', message.instance], ['At', message.at]);
    return facts;
}
//# sourceMappingURL=alert-channel.js.map