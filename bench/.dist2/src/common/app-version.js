import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
/** The app's version from package.json (beside src/ when run from source, beside dist/ when built). */
function readVersion() {
    for (const candidate of ['../../package.json', '../../../package.json'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)))) {
        try {
            const pkg = JSON.parse(readFileSync(candidate, 'utf8'));
            if (pkg.name === 'blockshelf-api' && pkg.version)
                return pkg.version;
        }
        catch {
            // try the next place
        }
    }
    return '0.0.0';
}
export const APP_VERSION = readVersion();
//# sourceMappingURL=app-version.js.map