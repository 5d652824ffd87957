import { Marked, type Token } from 'marked';
import { MAX_ID_CHARS, MAX_NARRATIVE_ENTRIES, MAX_TITLE_CHARS } from './dataLimits';
import { isCalendarDate } from './period';
import { screenNarrative } from './screenNarrative';
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

/** Offsets where each line starts, so a position's line is a binary search instead of a count from the top. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line of an offset. */
function lineAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

function firstLine(raw: string): string {
  const head = raw.slice(0, 200).trim();
  const newline = head.indexOf('\n');
  return newline === -1 ? head : head.slice(0, newline);
}

/** Text from a heading, cut for a message: a line may be thousands of characters long. */
function cut(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function excerpt(raw: string): string {
  const line = firstLine(raw);
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
  readonly cited: Set<number>;
}

/**
 * Parses a snapshot's narrative.md: `# topic` headings (one of
 * NARRATIVE_TOPICS, each once) holding `## key: Title` entries whose bodies
 * cite sources with [n] markers. Reports every structural problem with its
 * line; with `sourceNumbers` it also reports markers citing unknown sources
 * (without them, e.g. when figures.json is broken, markers go unchecked).
 * Text that screenNarrative refuses never reaches marked. Every step is
 * linear in the size of the file.
 */
export function parseNarrative(
  text: string,
  file: string,
  sourceNumbers: ReadonlySet<number> | undefined,
): LoadResult<readonly NarrativeEntry[]> {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const screened = screenNarrative(src, file);
  if (screened.length > 0) return { ok: false, errors: screened };
  const starts = lineStarts(src);
  const errors: DataError[] = [];
  const entries: NarrativeEntry[] = [];
  const fail = (line: number, message: string) => errors.push({ file, location: `line ${line}`, message });

  const topicLines = new Map<NarrativeTopic, number>();
  const keyLines = new Map<string, number>();
  let topic: { name: string; known: NarrativeTopic | undefined } | undefined;
  let entry: OpenEntry | undefined;
  let reportedOrphanText = false;
  let entryCount = 0;

  const close = () => {
    if (entry === undefined) return;
    const body = entry.body.trim();
    if (body === '') fail(entry.line, `entry "${cut(entry.heading)}" has no text`);
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
    if (known === undefined) return fail(line, `unknown topic "# ${cut(name)}"; expected one of ${TOPIC_LIST}`);
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
      cited: new Set(),
    };
    if (++entryCount === MAX_NARRATIVE_ENTRIES + 1) {
      fail(line, `more than ${MAX_NARRATIVE_ENTRIES} entries; split the narrative across snapshots`);
    }
    if (topic === undefined) return fail(line, `"## ${cut(heading)}" is outside a topic; put it under one of ${TOPIC_LIST}`);
    if (m === null) {
      return fail(
        line,
        `entry heading must read "## key: Title" with a lower-case key such as "base" or "2025-12-05", got "## ${cut(heading)}"`,
      );
    }
    const key = entry.key;
    if (key.length > MAX_ID_CHARS) fail(line, `entry key must be at most ${MAX_ID_CHARS} characters, got ${key.length}`);
    if (entry.title.length > MAX_TITLE_CHARS) {
      fail(line, `entry title must be at most ${MAX_TITLE_CHARS} characters, got ${entry.title.length}`);
    }
    if (topic.known !== undefined && DATE_KEYED.has(topic.known) && !isCalendarDate(key)) {
      fail(line, `under "# ${topic.known}" the key must be a calendar date YYYY-MM-DD, got "${cut(key)}"`);
    }
    const scoped = `${topic.name}\n${key}`;
    const first = keyLines.get(scoped);
    if (first !== undefined) fail(line, `duplicate key "${cut(key)}" under "# ${cut(topic.name)}" (first at line ${first})`);
    else keyLines.set(scoped, line);
    entry.topic = topic.known;
  };

  /**
   * Nested tokens carry their text dedented (list items, quotes), so each is
   * found by its first line, searching on from the last one found: one pass
   * over the token's text however many problems it holds.
   */
  const checkInside = (token: Token, offset: number) => {
    let from = 0;
    markdown.walkTokens([token], (inner) => {
      if (inner === token || (inner.type !== 'html' && inner.type !== 'heading')) return;
      const found = token.raw.indexOf(firstLine(inner.raw), from);
      if (found !== -1) from = found + 1;
      const at = lineAt(starts, offset + (found === -1 ? from : found));
      if (inner.type === 'html') fail(at, `raw HTML is not allowed: ${excerpt(inner.raw)}`);
      else fail(at, `headings inside lists or quotes are not allowed: ${excerpt(inner.raw)}`);
    });
  };

  const addToBody = (token: Token, offset: number) => {
    if (entry === undefined) return;
    entry.body += token.raw;
    for (const m of token.raw.matchAll(MARKER)) {
      const n = Number(m[1]);
      if (sourceNumbers !== undefined && !sourceNumbers.has(n)) {
        fail(lineAt(starts, offset + m.index), `source [${n}] is not in figures.json "sources"`);
      }
      if (!entry.cited.has(n)) {
        entry.cited.add(n);
        entry.sources.push(n);
      }
    }
  };

  let tokens: Token[];
  try {
    tokens = markdown.lexer(src);
  } catch (e) {
    // marked 18 throws a TypeError on some quotes inside list items ("- x\n  > - \nx"); that is a refusal, not a crash.
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [{ file, message: `the Markdown parser failed on this file (${reason}); simplify its lists and quotes` }] };
  }
  let offset = 0;
  for (const token of tokens) {
    const line = lineAt(starts, offset);
    if (token.type === 'heading' && token.depth === 1) openTopic(token.text.trim(), line);
    else if (token.type === 'heading' && token.depth === 2) openEntry(token.text, line);
    else if (token.type === 'heading') {
      fail(line, `level-${token.depth} heading ${excerpt(token.raw)} is not allowed; entries are "## key: Title" under a "# topic"`);
    } else if (token.type === 'html') fail(line, `raw HTML is not allowed: ${excerpt(token.raw)}`);
    else if (token.type === 'space') addToBody(token, offset);
    else if (entry === undefined) {
      if (topic === undefined && !reportedOrphanText) {
        reportedOrphanText = true;
        fail(line, `text before the first heading: ${excerpt(token.raw)}; the file must start with a "# topic" heading`);
      } else if (topic !== undefined) {
        fail(line, `text under "# ${cut(topic.name)}" must belong to a "## key: Title" entry: ${excerpt(token.raw)}`);
      }
    } else {
      checkInside(token, offset);
      addToBody(token, offset);
    }
    offset += token.raw.length;
  }
  close();
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: entries };
}
