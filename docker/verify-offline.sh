#!/usr/bin/env bash
# What can be checked of docker/ on a machine without a Docker engine (docs/production.md says what cannot):
#  1. the build stage: docker/build.sh in a copy of the repository filtered by .dockerignore, as `COPY . .` would see it;
#  2. the runtime stage: the Dockerfile's own `COPY --from=build` lines replayed into an /app-like folder, then the
#     app started from there as a non-root user with the image's ENV, the HEALTHCHECK command run verbatim,
#     /health and /metrics read, one CLI backup made, and SIGTERM answered by a clean exit;
#  3. docker-compose.yml: parsed, cross-references checked, and every service's environment run through loadConfig().
# Needs node, npm (the registry), rsync; as root it also uses setpriv. Takes a minute or two (npm ci).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/blockshelf-docker-XXXXXX)"
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
chmod 755 "$WORK"
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "build stage: docker/build.sh in the build context"
rsync -a --exclude-from="$ROOT/.dockerignore" "$ROOT/" "$WORK/build/"
[ ! -e "$WORK/build/node_modules" ] || fail ".dockerignore let node_modules into the context"
(cd "$WORK/build" && sh docker/build.sh)
[ ! -e "$WORK/build/node_modules/jest" ] || fail "devDependencies survived npm prune"

step "runtime stage: the Dockerfile's COPY --from=build lines"
mkdir -p "$WORK/app"
grep -E '^COPY --from=build ' "$ROOT/docker/Dockerfile" | while read -r _copy _from rest; do
  # shellcheck disable=SC2086
  set -- $rest
  dest="${!#}"
  while [ $# -gt 1 ]; do
    src="${1#/build/}"
    target="$WORK/app/${dest#./}"
    mkdir -p "$(dirname "$target")"
    if [ "${dest%/}" != "$dest" ]; then cp -a "$WORK/build/$src" "$WORK/app/${dest#./}"; else cp -a "$WORK/build/$src" "$target"; fi
    shift
  done
done
for f in package.json node_modules dist/src/main.js dist/src/cli/main.js bin/blockshelf.js; do
  [ -e "$WORK/app/$f" ] || fail "runtime stage lacks $f"
done
mkdir -p "$WORK/app/media" "$WORK/app/data"
chmod 0700 "$WORK/app/media" "$WORK/app/data"

RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  # The image runs as `node`; here an unprivileged uid owning only the two writable folders plays that part.
  chown 65534:65534 "$WORK/app/media" "$WORK/app/data"
  RUN_AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
PORT=$((20000 + RANDOM % 20000))
# The image's ENV, with /app replaced by the folder standing in for it.
APP_ENV=(NODE_ENV=production PORT="$PORT" DATABASE_URL="sqlite:$WORK/app/data/blockshelf.sqlite3" DATA_DIR="$WORK/app/data" MEDIA_ROOT="$WORK/app/media"
  JWT_SECRET=verify-offline-secret-0123456789 ADMIN_USERNAME=admin ADMIN_PASSWORD=admin-password-1 METRICS_TOKEN=verify-offline-metrics-token)

step "start the app as in the image (CMD node dist/src/main.js), as a non-root user"
(cd "$WORK/app" && exec env -i PATH="$PATH" "${APP_ENV[@]}" "${RUN_AS[@]}" node dist/src/main.js) >"$WORK/app.log" 2>&1 &
APP_PID=$!
healthcheck="$(sed -n 's/.*CMD \["node", "-e", "\(.*\)"\]$/\1/p' "$ROOT/docker/Dockerfile")"
[ -n "$healthcheck" ] || fail "could not read the HEALTHCHECK command from the Dockerfile"
healthcheck="${healthcheck//\\\"/\"}"
for _ in $(seq 1 60); do
  if PORT="$PORT" node -e "$healthcheck" 2>/dev/null; then break; fi
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; fail "the app exited"; }
  sleep 0.5
done
PORT="$PORT" node -e "$healthcheck" || { cat "$WORK/app.log"; fail "HEALTHCHECK command does not pass"; }
echo "HEALTHCHECK command: healthy"

node -e '
const base = `http://127.0.0.1:${process.argv[1]}`;
(async () => {
  const health = await fetch(`${base}/health`);
  const body = await health.json();
  if (health.status !== 200 || body.status !== "ok") throw new Error(`/health: ${health.status} ${JSON.stringify(body)}`);
  console.log("/health:", JSON.stringify(body.details));
  const denied = await fetch(`${base}/metrics`);
  if (denied.status !== 401) throw new Error(`/metrics without token: ${denied.status}`);
  const metrics = await fetch(`${base}/metrics`, { headers: { Authorization: "Bearer verify-offline-metrics-token" } });
  const text = await metrics.text();
  if (metrics.status !== 200 || !text.includes("blockshelf_backups_created_total")) throw new Error(`/metrics: ${metrics.status}`);
  console.log("/metrics: ok,", text.split("\n").filter((l) => l && !l.startsWith("#")).length, "samples");
  const csp = health.headers.get("content-security-policy");
  if (!csp || !csp.includes("default-src")) throw new Error("no Content-Security-Policy header");
})().catch((e) => { console.error(e.message); process.exit(1); });
' "$PORT"

step "CLI in the runtime stage: blockshelf create-backups --full-db"
(cd "$WORK/app" && env -i PATH="$PATH" "${APP_ENV[@]}" "${RUN_AS[@]}" node bin/blockshelf.js create-backups --full-db --keep 3)
ls "$WORK/app/media/backups/full_db/" | grep -Eq '^db_backup_[0-9]{8}_[0-9]{6}\.sqlite3$' || fail "no full backup file"

step "SIGTERM: the app shuts down cleanly"
kill -TERM "$APP_PID"
for _ in $(seq 1 20); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$APP_PID" 2>/dev/null; then fail "still running 10 s after SIGTERM"; fi
wait "$APP_PID" || true
APP_PID=""
echo "stopped"

step "docker-compose.yml: structure and every service's environment through loadConfig()"
(cd "$ROOT" && node --input-type=module - "$WORK/app/dist/src/config/app-config.js" <<'EOF'
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const require = createRequire(`${process.cwd()}/package.json`);
const yaml = require('js-yaml');
const { loadConfig } = await import(process.argv[2]);

// docker/env.example supplies the ${...} values, as docker/.env would.
const vars = Object.fromEntries(readFileSync('docker/env.example', 'utf8').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split(/=(.*)/s).slice(0, 2)));
const interpolate = (text) =>
  text.replace(/\$\$/g, '\u0000').replace(/\$\{([A-Z_]+)(?::?([-?])([^}]*))?\}/g, (_, name, op, arg) => {
    if (vars[name] !== undefined && vars[name] !== '') return vars[name];
    if (op === '?') throw new Error(`${name} is required: ${arg}`);
    return op === '-' ? arg : '';
  }).replace(/\u0000/g, '$');
// As compose does: parse the YAML first, then interpolate the string values (so `KEY: ${X:-}` is "", not null).
const walk = (node) =>
  typeof node === 'string' ? interpolate(node) : Array.isArray(node) ? node.map(walk) : node && typeof node === 'object' ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)])) : node;
const compose = walk(yaml.load(readFileSync('docker/docker-compose.yml', 'utf8')));
const problems = [];
const services = compose.services ?? {};
for (const [name, service] of Object.entries(services)) {
  for (const dep of Object.keys(service.depends_on ?? {})) if (!services[dep]) problems.push(`${name} depends on unknown service ${dep}`);
  for (const volume of service.volumes ?? []) {
    const source = String(volume).split(':')[0];
    if (!source.startsWith('.') && !source.startsWith('/') && !(compose.volumes && source in compose.volumes)) problems.push(`${name} uses undeclared volume ${source}`);
  }
  if (!service.image && !service.build) problems.push(`${name} has neither image nor build`);
  if (service.image === 'blockshelf-api' || service.build) {
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
    try {
      const config = loadConfig(env, '/app');
      if (config.mediaRoot !== '/app/media') problems.push(`${name}: MEDIA_ROOT is ${config.mediaRoot}, not the image's volume /app/media`);
      if (!(service.volumes ?? []).some((v) => String(v).endsWith(':/app/media'))) problems.push(`${name}: no volume on /app/media`);
      console.log(`${name}: environment valid (${config.database.dialect}, scheduler ${config.schedulerEnabled ? 'on' : 'off'})`);
    } catch (error) {
      problems.push(`${name}: ${error.message}`);
    }
  }
}
if (services.api?.build?.dockerfile !== 'docker/Dockerfile') problems.push('api.build.dockerfile is not docker/Dockerfile');
const crontab = readFileSync('deploy/crontab.example', 'utf8');
const execName = crontab.match(/docker exec (\S+)/)?.[1];
if (execName && execName !== services.api?.container_name) problems.push(`deploy/crontab.example runs docker exec ${execName}, the compose api is ${services.api?.container_name}`);
if (services.backup && services.backup.environment?.BACKUP_SCHEDULER_ENABLED !== 'false') problems.push('backup service must not run the scheduler');
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('docker-compose.yml: ok');
EOF
)

echo
echo "verify-offline: all checks passed (no image was built: there is no Docker engine here)"
