import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { ConfigError, loadConfig } from './config/app-config.js';

async function bootstrap(): Promise<void> {
  // Everything the app creates (backups, temp files, SQLite copies and journals) is private to its user.
  process.umask(0o077);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  configureApp(app);
  await app.listen(config.port);
  console.log(`BlockShelf API on http://localhost:${config.port} (docs: /docs, database: ${config.database.dialect})`);
}

void bootstrap();
