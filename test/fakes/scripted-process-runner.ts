import { ProcessRunner } from '../../src/common/process-runner.js';
import type { RunningProcess, RunOptions } from '../../src/common/process-runner.js';

export interface RecordedCall {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
}

type Rewrite = (command: string, args: string[], options: RunOptions) => { command: string; args: string[]; options?: RunOptions } | undefined;

/**
 * The real ProcessRunner, with a hook to record each call and to swap a
 * command for a script (a dump tool that dies halfway, hangs, or is missing).
 */
export class ScriptedProcessRunner extends ProcessRunner {
  readonly calls: RecordedCall[] = [];
  constructor(
    private readonly rewrite: Rewrite = () => undefined,
    private readonly onStart?: (call: RecordedCall) => void,
  ) {
    super();
  }
  override start(command: string, args: string[], options: RunOptions = {}): RunningProcess {
    const call = { command, args: [...args], env: { ...(options.env ?? {}) } };
    this.calls.push(call);
    this.onStart?.(call);
    const swap = this.rewrite(command, args, options);
    return swap ? super.start(swap.command, swap.args, swap.options ?? options) : super.start(command, args, options);
  }
}

/** A node one-liner as a fake tool. */
export function nodeScript(code: string): { command: string; args: string[] } {
  return { command: process.execPath, args: ['-e', code] };
}
