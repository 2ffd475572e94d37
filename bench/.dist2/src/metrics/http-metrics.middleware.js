/**
 * Times every request. The route label is the matched pattern
 * (`/api/backups/:id`), never the raw URL: ids and scanners' random paths
 * would make one series per URL.
 */
export function httpMetricsMiddleware(metrics) {
    return (req, res, next) => {
        const end = metrics.httpDuration.startTimer();
        res.once('finish', () => {
            const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'other';
            end({ method: req.method, route, status_code: String(res.statusCode) });
        });
        next();
    };
}
//# sourceMappingURL=http-metrics.middleware.js.map