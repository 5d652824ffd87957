import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARIABLES } from '../../src/config';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The real REST proxy, `src/restProxy.ts` (what `npm run rest-proxy` runs),
 * as a child process on a free port of 127.0.0.1, logging every request.
 */
export class ProxyProcess {
  /** Every byte the proxy wrote, to check that the token never appears. */
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcessWithoutNullStreams;

  private constructor(env: Record<string, string>) {
    const base = { ...process.env };
    for (const key of CONFIG_VARIABLES) delete base[key];
    this.#child = spawn(process.execPath, ['--import', 'tsx', 'src/restProxy.ts'], {
      cwd: ROOT,
      env: { ...base, REST_PROXY_PORT: '0', LOG_LEVEL: 'debug', ...env },
      stdio: 'pipe',
    });
    const take = (chunk: Buffer) => (this.output += chunk.toString('utf8'));
    this.#child.stdout.on('data', take);
    this.#child.stderr.on('data', take);
    this.exited = new Promise((resolve) => this.#child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts the proxy and resolves with it and the URL it listens on, once it does. */
  static async start(env: Record<string, string>, timeoutMs = 20_000): Promise<{ proxy: ProxyProcess; url: string }> {
    const proxy = new ProxyProcess(env);
    const url = await proxy.waitForOutput(/"url":"(http:\/\/[^"]+)"[^\n]*REST proxy listening/, timeoutMs);
    return { proxy, url };
  }

  /** The first capture of `pattern` in the output, failing with the output so far after `timeoutMs` or when the proxy exits. */
  async waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match[1] ?? match[0];
      if (exited || Date.now() > deadline) throw new Error(`the proxy did not print ${String(pattern)}:\n${this.output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
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
