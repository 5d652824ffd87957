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

/**
 * Mentions, tags, links and pings that Discord would make live in a message,
 * other than those in `allowed` (the answer's own as-of timestamp). Reads the
 * text as Discord does: a backslash makes the next character plain.
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
      const rest = text.slice(i, i + 40);
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
