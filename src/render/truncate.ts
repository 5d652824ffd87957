/**
 * `text` cut to at most `max` UTF-16 units, ending in "…" when cut. It cuts
 * between code points, so an emoji is never halved into an invalid surrogate.
 * Only for text that cannot be continued elsewhere (titles, names, labels).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length > max - 1) break;
    kept += char;
  }
  return `${kept}…`;
}
