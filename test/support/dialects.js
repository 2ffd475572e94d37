// Which databases the e2e suite runs on: SQLite always, the others when their URL is set.
export const SERVER_DIALECTS = [
  { name: 'postgres', env: 'TEST_POSTGRES_URL', example: 'postgres://postgres@127.0.0.1:5432/postgres' },
  { name: 'mysql', env: 'TEST_MYSQL_URL', example: 'mysql://root@127.0.0.1:3306/mysql' },
];

export function configuredDialects(env = process.env) {
  return ['sqlite', ...SERVER_DIALECTS.filter((d) => env[d.env]).map((d) => d.name)];
}

export function missingDialects(env = process.env) {
  return SERVER_DIALECTS.filter((d) => !env[d.env]);
}
