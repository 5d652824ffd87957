import { Marked, type Token } from 'marked';
import { isCalendarDate } from './period';
import { NARRATIVE_TOPICS, type DataError, type NarrativeEntry, type NarrativeTopic } from './snapshot';
import type { LoadResult } from './loadResult';

/** A private instance, so extensions another module registers on the global `marked` cannot change how data parses. */
const markdown = new Marked();

const ENTRY_HEADING = /^([a-z0-9]+(?:-[a-z0-9]+)*):\s*(\S.*)$/;
const MARKER = /\[(\d+)\](?!\()/g;
const DATE_KEYED: ReadonlySet<NarrativeTopic> = new Set(['week', 'recaps']);
const TOPIC_LIST = NARRATIVE_TOPICS.map((t) => `# ${t}`).join(', ');

function isTopic(text: string): text is NarrativeTopic {
  return (NARRATIVE_TOPICS as readonly string[]).includes(text);
}

function linesIn(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function excerpt(raw: string): string {
  const line = raw.trim().split('\n')[0] ?? '';
  return JSON.stringify(line.length > 50 ? `${line.slice(0, 47)}...` : line);
}

interface OpenEntry {
  /** Undefined while the entry cannot be recorded (bad heading, unknown topic). */
  topic: NarrativeTopic | undefined;
  readonly key: string;
  readonly title: string;
  readonly heading: string;
  readonly line: number;
  body: string;
  readonly sources: number[];
}

/**
 * Parses a snapshot's narrative.md: `# topic` headings (one of
 * NARRATIVE_TOPICS, each once) holding `## key: Title` entries whose bodies
 * cite sources with [n] markers. Reports every structural problem with its
 * line; with `sourceNumbers` it also reports markers citing unknown sources
 * (without them, e.g. when figures.json is broken, markers go unchecked).
 */
export function parseNarrative(
  text: string,
  file: string,
  sourceNumbers: ReadonlySet<number> | undefined,
): LoadResult<readonly NarrativeEntry[]> {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const errors: DataError[] = [];
  const entries: NarrativeEntry[] = [];
  const fail = (line: number, message: string) => errors.push({ file, location: `line ${line}`, message });

  const topicLines = new Map<NarrativeTopic, number>();
  const keyLines = new Map<string, number>();
  let topic: { name: string; known: NarrativeTopic | undefined } | undefined;
  let entry: OpenEntry | undefined;
  let reportedOrphanText = false;

  const close = () => {
    if (entry === undefined) return;
    const body = entry.body.trim();
    if (body === '') fail(entry.line, `entry "${entry.heading}" has no text`);
    else if (entry.topic !== undefined) {
      entries.push({
        topic: entry.topic,
        key: entry.key,
        title: entry.title,
        markdown: body,
        sources: entry.sources,
        file,
        line: entry.line,
      });
    }
    entry = undefined;
  };

  const openTopic = (name: string, line: number) => {
    close();
    const known = isTopic(name) ? name : undefined;
    topic = { name, known };
    if (known === undefined) return fail(line, `unknown topic "# ${name}"; expected one of ${TOPIC_LIST}`);
    const first = topicLines.get(known);
    if (first !== undefined) fail(line, `topic "# ${known}" appears twice (first at line ${first})`);
    else topicLines.set(known, line);
  };

  const openEntry = (heading: string, line: number) => {
    close();
    const m = ENTRY_HEADING.exec(heading.trim());
    // A broken heading still opens an entry, so its body is not reported again as stray text.
    entry = {
      topic: undefined,
      key: m?.[1] ?? '',
      title: m?.[2]?.trim() ?? '',
      heading: `## ${heading.trim()}`,
      line,
      body: '',
      sources: [],
    };
    if (topic === undefined) return fail(line, `"## ${heading}" is outside a topic; put it under one of ${TOPIC_LIST}`);
    if (m === null) {
      return fail(
        line,
        `entry heading must read "## key: Title" with a lower-case key such as "base" or "2025-12-05", got "## ${heading}"`,
      );
    }
    const key = entry.key;
    if (topic.known !== undefined && DATE_KEYED.has(topic.known) && !isCalendarDate(key)) {
      fail(line, `under "# ${topic.known}" the key must be a calendar date YYYY-MM-DD, got "${key}"`);
    }
    const scoped = `${topic.name}\n${key}`;
    const first = keyLines.get(scoped);
    if (first !== undefined) fail(line, `duplicate key "${key}" under "# ${topic.name}" (first at line ${first})`);
    else keyLines.set(scoped, line);
    entry.topic = topic.known;
  };

  const checkInside = (token: Token, line: number) => {
    markdown.walkTokens([token], (inner) => {
      if (inner === token) return;
      const at = line + linesIn(token.raw, Math.max(0, token.raw.indexOf(inner.raw)));
      if (inner.type === 'html') fail(at, `raw HTML is not allowed: ${excerpt(inner.raw)}`);
      if (inner.type === 'heading') fail(at, `headings inside lists or quotes are not allowed: ${excerpt(inner.raw)}`);
    });
  };

  const addToBody = (token: Token, line: number) => {
    if (entry === undefined) return;
    entry.body += token.raw;
    for (const m of token.raw.matchAll(MARKER)) {
      const n = Number(m[1]);
      if (sourceNumbers !== undefined && !sourceNumbers.has(n)) {
        fail(line + linesIn(token.raw, m.index), `source [${n}] is not in figures.json "sources"`);
      }
      if (!entry.sources.includes(n)) entry.sources.push(n);
    }
  };

  let line = 1;
  for (const token of markdown.lexer(src)) {
    if (token.type === 'heading' && token.depth === 1) openTopic(token.text.trim(), line);
    else if (token.type === 'heading' && token.depth === 2) openEntry(token.text, line);
    else if (token.type === 'heading') {
      fail(line, `level-${token.depth} heading ${excerpt(token.raw)} is not allowed; entries are "## key: Title" under a "# topic"`);
    } else if (token.type === 'html') fail(line, `raw HTML is not allowed: ${excerpt(token.raw)}`);
    else if (token.type === 'space') addToBody(token, line);
    else if (entry === undefined) {
      if (topic === undefined && !reportedOrphanText) {
        reportedOrphanText = true;
        fail(line, `text before the first heading: ${excerpt(token.raw)}; the file must start with a "# topic" heading`);
      } else if (topic !== undefined) {
        fail(line, `text under "# ${topic.name}" must belong to a "## key: Title" entry: ${excerpt(token.raw)}`);
      }
    } else {
      checkInside(token, line);
      addToBody(token, line);
    }
    line += linesIn(token.raw, token.raw.length);
  }
  close();
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: entries };
}
