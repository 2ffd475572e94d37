import { missingDialects } from './dialects.js';

export default function globalTeardown() {
  const missing = missingDialects();
  if (missing.length) console.warn(`\n!! Reminder: e2e tests did NOT run on ${missing.map((d) => d.name).join(', ')} (URL not set).\n`);
}
