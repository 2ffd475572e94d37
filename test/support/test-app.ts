import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { loadConfig } from '../../src/config/app-config.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { createTestDatabase } from './test-database.js';
import type { TestDatabase, TestDialect } from './test-database.js';

export const ADMIN = { username: 'admin', password: 'admin-password-1' };

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  config: AppConfig;
  db: TestDatabase;
  dataSource: DataSource;
  mediaRoot: string;
  /** Closes the app but keeps its database and media folder (to run the CLI against them, or start another instance). */
  stop(): Promise<void>;
  close(): Promise<void>;
  /** Registers (if needed) and logs in; returns the bearer token. */
  login(username?: string, password?: string): Promise<string>;
  register(username: string, password?: string): Promise<{ id: number; token: string }>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Reuse a database (e.g. to start a second instance); by default a fresh one is made. */
  db?: TestDatabase;
  /** Swap providers in the DI graph (fakes for faults we cannot cause for real). */
  override?: (builder: ReturnType<typeof Test.createTestingModule>) => void;
}

/** The real app, on a fresh database of the given dialect, with its own media folder. */
export async function createTestApp(dialect: TestDialect, options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase(dialect));
  const workDir = await mkdtemp(join(tmpdir(), 'bs-app-'));
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      MEDIA_ROOT: join(workDir, 'media'),
      DATA_DIR: join(workDir, 'data'),
      JWT_SECRET: 'test-secret-test-secret-test-secret',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LOGIN_RATE_LIMIT: '1000',
      LOGIN_IP_RATE_LIMIT: '1000',
      REGISTER_RATE_LIMIT: '1000',
      ...options.env,
    },
    workDir,
  );
  const builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  options.override?.(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
  configureApp(app);
  await app.init();
  const http = request(app.getHttpServer());
  let stopped = false;

  const register = async (username: string, password = 'password-123') => {
    const res = await http.post('/api/auth/register').send({ username, password });
    if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id as number, token: await login(username, password) };
  };
  const login = async (username = ADMIN.username, password = ADMIN.password) => {
    const res = await http.post('/api/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.access_token as string;
  };

  return {
    app,
    http,
    config,
    db,
    dataSource: app.get(DataSource),
    mediaRoot: config.mediaRoot,
    login,
    register,
    stop: async () => {
      if (!stopped) await app.close();
      stopped = true;
    },
    close: async () => {
      if (!stopped) await app.close();
      stopped = true;
      if (!options.db) await db.drop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
