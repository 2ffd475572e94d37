var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Injectable } from '@nestjs/common';
/** Where commands print: stdout for results, stderr for progress; a seam for tests. */
let CliOutput = class CliOutput {
    line(text = '') {
        process.stdout.write(text + '\n');
    }
    error(text) {
        process.stderr.write(text + '\n');
    }
    /** A one-line progress bar, redrawn in place; only on a terminal. */
    progress(done, total, label) {
        if (!process.stderr.isTTY || total === 0)
            return;
        const width = 30;
        const filled = Math.round((done / total) * width);
        process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`.padEnd(80).slice(0, 100));
        if (done === total)
            process.stderr.write('\n');
    }
};
CliOutput = __decorate([
    Injectable()
], CliOutput);
export { CliOutput };
//# sourceMappingURL=cli-output.js.map