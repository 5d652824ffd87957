import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARIABLES } from '../../src/config';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One JSON log line of the bot. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/**
 * The real bot, `src/main.ts`, as a child process: the same entry point
 * `npm start` runs, pointed at the fake Discord through DISCORD_API_URL.
 */
export class BotProcess {
  readonly logs: LogLine[] = [];
  /** Every byte the bot wrote, to check that secrets never appear. */
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcessWithoutNullStreams;
  #waiters: (() => void)[] = [];

  private constructor(env: Record<string, string>, entry: string) {
    const base = { ...process.env };
    // The parent's own settings must not leak into the bot under test.
    for (const key of CONFIG_VARIABLES) delete base[key];
    this.#child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: ROOT,
      env: { ...base, LOG_LEVEL: 'debug', ...env },
      stdio: 'pipe',
    });
    let pending = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          // A partial or non-JSON line is still kept in `output` for assertions.
        }
      }
      for (const wake of this.#waiters.splice(0)) wake();
    };
    this.#child.stdout.on('data', take);
    this.#child.stderr.on('data', take);
    this.exited = new Promise((resolve) =>
      this.#child.on('exit', (code, signal) => {
        for (const wake of this.#waiters.splice(0)) wake();
        resolve({ code, signal });
      }),
    );
  }

  /** `entry` is the bot by default; `src/cluster.ts` runs it as `npm run start:cluster` does. */
  static start(env: Record<string, string>, entry = 'src/main.ts'): BotProcess {
    return new BotProcess(env, entry);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Resolves with the first log line that matches, failing with the log so far after `timeoutMs`. */
  async waitForLog(match: (line: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.find(match);
      if (found) return found;
      if (this.#child.exitCode !== null)
        throw new Error(`bot exited (${this.#child.exitCode}) before the expected log line:\n${this.output.slice(-4000)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching log line within ${timeoutMs} ms:\n${this.output.slice(-4000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  signal(name: NodeJS.Signals): void {
    this.#child.kill(name);
  }

  /** Ends the process for test clean-up, whatever state it is in. */
  async kill(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    await this.exited;
  }
}
