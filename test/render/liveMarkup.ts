import type { Reply } from '../../src/reply';

/** Text Discord renders as Markdown; footers, labels and autocomplete are plain text and render nothing. */
function renderedTexts(message: Reply): string[] {
  return [
    message.content ?? '',
    ...(message.embeds ?? []).flatMap((e) => [e.title, e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]),
  ];
}

/** Where a masked link's `(…)` ends, as Discord reads it: at the first `)` or whitespace. */
function linkTarget(text: string, from: number): string {
  const end = text.slice(from).search(/[)\s]/);
  return end < 0 ? text.slice(from) : text.slice(from, from + end);
}

/** Where a code span or block opened by the backtick run at `at` ends, or undefined when no run of the same length closes it. */
function runLength(text: string, at: number): number {
  const run = /`+/y;
  run.lastIndex = at;
  return run.exec(text)?.[0].length ?? 0;
}

function codeEnd(text: string, at: number): number | undefined {
  const run = runLength(text, at);
  const close = new RegExp(`(?<!\`)\`{${run}}(?!\`)`, 'g');
  close.lastIndex = at + run;
  const found = close.exec(text);
  return found === null ? undefined : found.index + run;
}

/**
 * Mentions, tags, links and pings that Discord would make live in a message,
 * other than those in `allowed` (the answer's own as-of timestamp). Reads the
 * text as Discord does: a backslash makes the next character plain, and
 * nothing inside inline code or a code block renders.
 */
export function liveMarkup(message: Reply, allowed: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const text of renderedTexts(message)) {
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i];
      if (c === '\\') {
        i += 1;
        continue;
      }
      if (c === '`') {
        const end = codeEnd(text, i);
        if (end !== undefined) i = end - 1;
        else i += runLength(text, i) - 1;
        continue;
      }
      const rest = text.slice(i, i + 40);
      if (/^https:\/\//i.test(rest)) {
        // A bare https URL is one link up to the next space, whatever it holds.
        const end = text.slice(i).search(/\s/);
        i = end < 0 ? text.length : i + end;
        continue;
      }
      if (c === '<' && /^<(?:@|#|t:|\/|a?:|id:)/.test(rest) && !allowed.some((tag) => rest.startsWith(tag))) found.push(`tag ${rest}`);
      if (c === '@' && /^@(?:everyone|here)/i.test(rest)) found.push(`ping ${rest}`);
      if (c === ']' && text[i + 1] === '(') {
        const target = linkTarget(text, i + 2);
        if (!/^https:\/\/[^\s()<>\\]+$/.test(target)) found.push(`link to ${target.slice(0, 40)}`);
      }
      if (/^http:\/\//i.test(rest)) found.push(`bare http link ${rest}`);
    }
  }
  return found;
}
