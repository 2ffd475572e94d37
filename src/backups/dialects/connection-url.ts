export interface ConnectionParts {
  host: string;
  port: string;
  user: string;
  password: string;
  database: string;
}

export function connectionParts(url: string, defaultPort: string): ConnectionParts {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port || defaultPort,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
}
