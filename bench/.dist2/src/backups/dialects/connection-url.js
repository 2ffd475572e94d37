export function connectionParts(url, defaultPort) {
    const u = new URL(url);
    return {
        host: u.hostname || '127.0.0.1',
        port: u.port || defaultPort,
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        database: decodeURIComponent(u.pathname.replace(/^\//, '')),
    };
}
//# sourceMappingURL=connection-url.js.map