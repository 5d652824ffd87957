import { fork, type ChildProcess } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from '../facts/snapshot';
import type { ChartSpec, ReplyChart } from '../reply';
import { snapshotCharts } from './figureCharts';

/** What the parent sends the render process: one chart to draw. */
export interface RenderRequest {
  readonly id: number;
  readonly spec: ChartSpec;
  readonly width: number;
}

/** What the render process sends back. */
export type RenderResult =
  | { readonly id: number; readonly ok: true; readonly png: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly problem: string };

/** PNGs by chart key, drawn once each. */
export interface ChartRenderer {
  /** The PNG of each chart, by key: from the cache, else drawn now. Rejects when one cannot be drawn. */
  pngs(charts: readonly ReplyChart[]): Promise<ReadonlyMap<string, Uint8Array>>;
  /** True when every chart is drawn already, so an answer can go without waiting. */
  ready(charts: readonly ReplyChart[]): boolean;
  /** Draws charts ahead of the first answer that needs them (a snapshot's, when it is loaded); failures are left for that answer to meet. */
  warm(charts: readonly ReplyChart[]): void;
  /** Warms a snapshot's charts the first time it is seen: at start-up, and after a reload or publish brings a new one. */
  warmSnapshot(snapshot: Snapshot): void;
  /** Ends the render process, if one is running, and draws nothing more. Until then (or until it exits, idle) it keeps the parent process alive, as any open connection does. */
  close(): Promise<void>;
}

export interface ChartRendererOptions {
  /** How long the render process waits for more work before it exits. */
  readonly idleMs?: number;
  /** How long one chart may take before the render process is ended and the chart refused. */
  readonly timeoutMs?: number;
  /** How many PNGs are kept; the oldest used is dropped first. */
  readonly maxCached?: number;
}

/**
 * The render process's entry: the TypeScript beside this file when running
 * from source (through tsx, as tests and `npm run dev` do), else the compiled
 * `chartRenderer.js` at the top of `dist/` (this code may sit in `dist/chunks/`).
 */
function rendererEntry(): { readonly path: string; readonly execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return { path: join(dirname(here), 'renderProcess.ts'), execArgv: ['--import', 'tsx'] };
  const dir = dirname(here);
  return { path: join(basename(dir) === 'chunks' ? dirname(dir) : dir, 'chartRenderer.js'), execArgv: [] };
}

/** The render process ended (idle, killed, crashed) with the chart unanswered: drawing it again in a new one may well succeed. */
class RendererStoppedError extends Error {}

interface Pending {
  readonly resolve: (png: Uint8Array) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Draws charts in a child process started on first need and left to exit
 * when idle, so the bot's own memory holds the PNGs (tens of kilobytes each)
 * but never the chart libraries. A snapshot never changes, so a chart's key
 * names its PNG for good; the cache is bounded for the histories members can
 * ask for.
 */
export function createChartRenderer(options: ChartRendererOptions = {}): ChartRenderer {
  const idleMs = options.idleMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxCached = options.maxCached ?? 200;
  const drawn = new Map<string, Uint8Array>();
  const drawing = new Map<string, Promise<Uint8Array>>();
  const pending = new Map<number, Pending>();
  let child: ChildProcess | undefined;
  let nextId = 1;
  const warmed = new Set<string>();
  let closed = false;

  function settle(id: number, p: Pending): void {
    pending.delete(id);
    clearTimeout(p.timer);
  }

  function failAll(problem: string): void {
    for (const [id, p] of pending) {
      settle(id, p);
      p.reject(new RendererStoppedError(problem));
    }
  }

  function renderProcess(): ChildProcess {
    if (child?.connected) return child;
    const entry = rendererEntry();
    const started = fork(entry.path, [String(idleMs)], {
      execArgv: entry.execArgv,
      // The renderer needs no settings, and the bot's token has no business in another process's environment.
      env: {},
      serialization: 'advanced',
      // Failures come back as results or as the exit code; Vega's own warnings are not the operator's business.
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    started.on('message', (result: RenderResult) => {
      const p = pending.get(result.id);
      if (p === undefined) return;
      settle(result.id, p);
      if (result.ok) p.resolve(result.png);
      else p.reject(new Error(`the chart could not be drawn: ${result.problem}`));
    });
    started.on('exit', (code, signal) => {
      if (child === started) child = undefined;
      failAll(`the chart renderer stopped (${signal ?? `exit code ${String(code)}`})`);
    });
    started.on('error', (error) => failAll(`the chart renderer failed: ${error.message}`));
    child = started;
    return started;
  }

  function draw(chart: ReplyChart): Promise<Uint8Array> {
    if (closed) return Promise.reject(new Error('the chart renderer is closed'));
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const renderer = renderProcess();
      const timer = setTimeout(() => {
        const p = pending.get(id);
        if (p !== undefined) settle(id, p);
        reject(new Error(`the chart ${chart.name} took longer than ${timeoutMs} ms to draw`));
        // A renderer stuck on one chart would hold every later one: start afresh.
        renderer.kill();
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      const request: RenderRequest = { id, spec: chart.spec, width: chart.width };
      renderer.send(request);
    });
  }

  function keep(key: string, png: Uint8Array): void {
    drawn.delete(key);
    drawn.set(key, png);
    for (const oldest of drawn.keys()) {
      if (drawn.size <= maxCached) break;
      drawn.delete(oldest);
    }
  }

  function png(chart: ReplyChart): Promise<Uint8Array> {
    const cached = drawn.get(chart.key);
    if (cached !== undefined) {
      keep(chart.key, cached);
      return Promise.resolve(cached);
    }
    let inFlight = drawing.get(chart.key);
    if (inFlight === undefined) {
      // A process that exited idle just as this chart was sent gets it again from a new one, once.
      inFlight = draw(chart)
        .catch((error: unknown) => (error instanceof RendererStoppedError ? draw(chart) : Promise.reject(error)))
        .then(
          (bytes) => {
            drawing.delete(chart.key);
            keep(chart.key, bytes);
            return bytes;
          },
          (error: unknown) => {
            // Not cached: the next answer tries again.
            drawing.delete(chart.key);
            throw error;
          },
        );
      drawing.set(chart.key, inFlight);
    }
    return inFlight;
  }

  function warm(charts: readonly ReplyChart[]): void {
    for (const chart of charts) png(chart).catch(() => undefined);
  }

  return {
    async pngs(charts) {
      const images = new Map<string, Uint8Array>();
      await Promise.all(charts.map(async (c) => images.set(c.key, await png(c))));
      return images;
    },
    ready: (charts) => charts.every((c) => drawn.has(c.key)),
    warm,
    warmSnapshot(snapshot) {
      if (warmed.has(snapshot.contentHash)) return;
      warmed.add(snapshot.contentHash);
      warm(snapshotCharts(snapshot));
    },
    async close() {
      closed = true;
      const running = child;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill();
      await exited;
    },
  };
}
