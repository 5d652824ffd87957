import { clipToLimit, MAX_TITLE_CHARS } from '../facts/dataLimits';
import type { NarrativeTopic } from '../facts/snapshot';
import { dayMentions } from './articleDates';
import { headingText, type Article, type ArticleLine, type ArticleSection } from './parseArticle';

/**
 * The article's prose as narrative.md: the intro becomes the week summary,
 * dated headings day recaps keyed by ISO date, base/bull/bear case headings
 * the scenarios, takeaways sections takeaways, the rest commentary. Text is
 * copied with its [n] markers; only what would change the Markdown's structure
 * (headings, raw HTML, code fences, deep nesting) is neutralised.
 */

interface Entry {
  readonly topic: NarrativeTopic;
  readonly key: string;
  readonly title: string;
  body: string[];
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

function oneLine(text: string): string {
  const t = text
    .replace(/[#*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clipToLimit(t, MAX_TITLE_CHARS);
}

/** A body line that cannot open a heading, an HTML block, a code block or a nesting deeper than one level. */
export function safeLine(text: string): string | undefined {
  let t = text.trimStart().replace(/^(?:>\s*)+/, '');
  if (/^[=\-*_\s]{3,}$/.test(t) && /[=\-*_]{3}|[-*_](?:\s+[-*_]){2}/.test(t)) return undefined;
  t = t.replace(/^((?:[-*+]|\d{1,3}[.)])\s+)(?:(?:[-*+]|\d{1,3}[.)])\s+)+/, '$1');
  t = t.replace(/<(?=[A-Za-z/!?])/g, '\\<');
  // A list item's text is checked as a line of its own: `- ### x` would open a heading inside the list, which the loader refuses.
  const marker = /^(?:[-*+]|\d{1,3}[.)])\s+/.exec(t)?.[0] ?? '';
  let content = t.slice(marker.length);
  if (marker !== '') content = content.replace(/^(?:>\s*)+/, '');
  if (/^(?:#|```|~~~|\[[^\]]*\]:|\|?\s*:?-{3,})/.test(content)) content = `\\${content}`;
  t = `${marker}${content}`;
  return t.trim() === '' ? undefined : t;
}

function recapKey(section: ArticleSection, year: number | undefined): string | undefined {
  const heading = section.heading;
  if (heading === undefined) return undefined;
  const text = headingText(heading);
  const days = dayMentions(text, year);
  const first = days[0];
  if (first === undefined || first.index > 12) return undefined;
  return first.start;
}

function classify(section: ArticleSection, year: number | undefined): { topic: NarrativeTopic; key: string; title: string } {
  const text = headingText(section.heading!);
  const [lead, ...rest] = text.split(/:\s+/);
  const afterColon = rest.join(': ').trim();
  const date = recapKey(section, year);
  if (date !== undefined) return { topic: 'recaps', key: date, title: afterColon || text };
  const scenario = /\b(base|bull|bear)(?:ish)? case\b/i.exec(text);
  if (scenario) return { topic: 'scenarios', key: scenario[1]!.toLowerCase(), title: text };
  const words = (lead ?? text).split(/\s+/);
  const key = slug((rest.length > 0 && words.length <= 4 ? lead! : words.slice(0, 3).join(' ')) || 'section') || 'section';
  if (/takeaway/i.test(text)) return { topic: 'takeaways', key, title: text };
  return { topic: 'commentary', key, title: rest.length > 0 && words.length <= 4 ? afterColon : text };
}

function bodyOf(lines: readonly ArticleLine[], markdown: boolean): string[] {
  const out: string[] = [];
  let last: ArticleLine | undefined;
  for (const line of lines) {
    if (line.kind === 'heading' || line.disclaimer) continue;
    if (line.kind === 'blank') {
      if (markdown && out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    const safe = safeLine(line.text);
    if (safe === undefined) continue;
    // In plain text every paragraph is one line; a blank line keeps it apart from the next, but a list stays together.
    const listGoesOn = (line.kind === 'item' || line.kind === 'marker') && last?.kind === 'item';
    if (!markdown && out.length > 0 && !listGoesOn) out.push('');
    out.push(safe);
    last = line;
  }
  while (out[out.length - 1] === '') out.pop();
  return out;
}

const ORDER: readonly NarrativeTopic[] = ['week', 'recaps', 'commentary', 'scenarios', 'takeaways'];

/** Builds narrative.md for a draft dated `asOf`; `title` heads the week summary. */
export function buildNarrative(article: Article, asOf: string, title: string, year: number | undefined): string {
  const entries: Entry[] = [];
  const byKey = new Map<string, Entry>();
  const suffixes = new Map<string, number>();
  const add = (topic: NarrativeTopic, key: string, entryTitle: string, body: string[]) => {
    if (body.length === 0) return;
    const same = byKey.get(`${topic}/${key}`);
    if (same !== undefined && topic === 'recaps') {
      same.body.push('', ...body);
      return;
    }
    let unique = key;
    for (let n = (suffixes.get(`${topic}/${key}`) ?? 1) + 1; byKey.has(`${topic}/${unique}`); n++) {
      unique = `${key}-${n}`;
      suffixes.set(`${topic}/${key}`, n);
    }
    const entry = { topic, key: unique, title: oneLine(entryTitle) || unique, body: [...body] };
    entries.push(entry);
    byKey.set(`${topic}/${unique}`, entry);
  };
  article.sections.forEach((section, i) => {
    if (section.disclaimer) return;
    const body = bodyOf(section.lines, article.markdown);
    if (i === 0 || section.heading === undefined) add('week', asOf, title, body);
    else {
      const { topic, key, title: entryTitle } = classify(section, year);
      add(topic, key, entryTitle, body);
    }
  });
  const parts: string[] = [];
  for (const topic of ORDER) {
    const mine = entries.filter((e) => e.topic === topic);
    if (topic === 'recaps') mine.sort((a, b) => a.key.localeCompare(b.key));
    if (mine.length === 0) continue;
    parts.push(`# ${topic}`, '');
    for (const e of mine) parts.push(`## ${e.key}: ${e.title}`, '', ...e.body, '');
  }
  return `${parts.join('\n').trimEnd()}\n`;
}
