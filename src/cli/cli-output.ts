import { Injectable } from '@nestjs/common';

/** Where commands print: stdout for results, stderr for progress; a seam for tests. */
@Injectable()
export class CliOutput {
  line(text = ''): void {
    process.stdout.write(text + '\n');
  }
  error(text: string): void {
    process.stderr.write(text + '\n');
  }
  /** A one-line progress bar, redrawn in place; only on a terminal. */
  progress(done: number, total: number, label: string): void {
    if (!process.stderr.isTTY || total === 0) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`.padEnd(80).slice(0, 100));
    if (done === total) process.stderr.write('\n');
  }
}
