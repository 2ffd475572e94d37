export interface ServerDialect {
  name: string;
  env: string;
  example: string;
}
export const SERVER_DIALECTS: ServerDialect[];
export function configuredDialects(env?: Record<string, string | undefined>): string[];
export function missingDialects(env?: Record<string, string | undefined>): ServerDialect[];
