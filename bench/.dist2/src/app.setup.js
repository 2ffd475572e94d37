import { RequestMethod } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import helmet from 'helmet';
import { AppConfig } from './config/app-config.js';
import { createHttpLogger, createRootLogger, PinoNestLogger } from './common/logging.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { createValidationPipe } from './common/validation.pipe.js';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
import { MetricsRegistry } from './metrics/metrics.registry.js';
import { APP_VERSION } from './common/app-version.js';
/** Headers a browser client may send and read across origins. */
const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Request-Id'];
const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'X-Checksum-SHA256', 'Content-Disposition', 'Retry-After'];
/** Everything main.ts does to the app besides listen(), shared with the e2e tests so they test the real thing. */
export function configureApp(app, options = {}) {
    const express = app;
    const config = app.get(AppConfig);
    const logger = createRootLogger(config, options.logDestination);
    express.useLogger(new PinoNestLogger(logger));
    // Behind a reverse proxy, req.ip (the login rate limit's key) is the proxy unless it is trusted.
    express.set('trust proxy', config.trustProxy);
    if (config.metricsEnabled)
        express.use(httpMetricsMiddleware(app.get(MetricsRegistry)));
    express.use(createHttpLogger(logger));
    express.use(helmet({
        contentSecurityPolicy: {
            directives: {
                // Swagger UI at /docs loads its scripts from /docs itself, styles partly inline, icons as data: URLs:
                // helmet's defaults (script-src 'self', style-src 'self' https: 'unsafe-inline', img-src 'self' data:) fit.
                // Not upgrading to https: self-hosted installs are often reached over plain http on a LAN address, and an
                // upgraded script request would leave /docs blank there.
                upgradeInsecureRequests: null,
            },
        },
    }));
    // CORS stays off (same-origin only) unless CORS_ORIGINS lists origins; bearer tokens, not cookies, so no credentials.
    if (config.corsOrigins.length > 0) {
        app.enableCors({
            origin: config.corsOrigins[0] === '*' ? '*' : config.corsOrigins,
            methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
            allowedHeaders: CORS_ALLOWED_HEADERS,
            exposedHeaders: CORS_EXPOSED_HEADERS,
            maxAge: 600,
        });
    }
    // JSON bodies up to 1 MB everywhere except the import, which streams its body to disk itself.
    express.use(json({
        limit: '1mb',
        type: (req) => req.url?.split('?')[0] !== '/api/inventory/import' && /json/i.test(String(req.headers['content-type'] ?? '')),
    }));
    express.disable('x-powered-by');
    // The root is not an API route: send a browser (or a curl without a path) to the console.
    express.getHttpAdapter().get('/', (_req, res) => res.redirect(302, '/docs'));
    app.setGlobalPrefix('api', {
        exclude: [
            { path: 'health', method: RequestMethod.GET },
            { path: 'health/live', method: RequestMethod.GET },
            { path: 'metrics', method: RequestMethod.GET },
        ],
    });
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new HttpExceptionFilter());
    app.enableShutdownHooks();
    // Longer than the idle timeouts of proxies and clients (often 60 s), so the server never closes a socket they are about to reuse.
    const server = express.getHttpServer();
    server.keepAliveTimeout = config.httpKeepAliveSeconds * 1000;
    server.headersTimeout = config.httpKeepAliveSeconds * 1000 + 5000;
    const document = SwaggerModule.createDocument(app, new DocumentBuilder()
        .setTitle('BlockShelf API')
        .setDescription('LEGO® parts inventory with full-database and per-user backups. Log in with POST /api/auth/login, then press Authorize and paste the access_token.')
        .setVersion(APP_VERSION)
        .addBearerAuth()
        .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, for GET /metrics only (when set)' }, 'metrics')
        .build());
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
}
//# sourceMappingURL=app.setup.js.map