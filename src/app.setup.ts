import { RequestMethod } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { AppConfig } from './config/app-config.js';
import { createHttpLogger, createRootLogger, PinoNestLogger } from './common/logging.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { createValidationPipe } from './common/validation.pipe.js';

/** Everything main.ts does to the app besides listen(), shared with the e2e tests so they test the real thing. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const logger = createRootLogger(app.get(AppConfig));
  express.useLogger(new PinoNestLogger(logger));
  express.use(createHttpLogger(logger));
  // JSON bodies up to 1 MB everywhere except the import, which streams its body to disk itself.
  express.use(json({ limit: '1mb', type: (req) => (req as { url?: string }).url?.split('?')[0] !== '/api/inventory/import' && /json/i.test(String(req.headers['content-type'] ?? '')) }));
  express.disable('x-powered-by');
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('BlockShelf API')
      .setDescription('LEGO® parts inventory with full-database and per-user backups. Log in with POST /api/auth/login, then press Authorize and paste the access_token.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
}
