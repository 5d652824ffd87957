import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHIPPED = fileURLToPath(new URL('../../data', import.meta.url));

/** A private copy of the shipped data folder, to edit during a test without touching the repository. */
export class DataCopy {
  readonly root: string;
  readonly dataDir: string;

  constructor() {
    this.root = mkdtempSync(path.join(tmpdir(), 'briefing-desk-e2e-'));
    this.dataDir = path.join(this.root, 'data');
    cpSync(SHIPPED, this.dataDir, { recursive: true });
  }

  get figuresPath(): string {
    return path.join(this.dataDir, '2025-12-07', 'figures.json');
  }

  /** Rewrites figures.json through a text edit; throws when `from` is not there, so a test cannot edit nothing. */
  editFigures(from: string, to: string): void {
    const text = readFileSync(this.figuresPath, 'utf8');
    if (!text.includes(from)) throw new Error(`figures.json has no ${JSON.stringify(from)}`);
    writeFileSync(this.figuresPath, text.replace(from, to));
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
