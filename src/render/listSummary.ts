/**
 * A long list shown as its first `shown` lines and a last line saying how many
 * more there are and where they can be read. A reload with thousands of errors
 * answered with all of them took dozens of messages; the moderator needs the
 * count and the first few to start fixing, and the log keeps the rest.
 */
export function listSummary(lines: readonly string[], shown: number, whereTheRestIs: string): string[] {
  if (lines.length <= shown) return [...lines];
  return [...lines.slice(0, shown), `…and ${(lines.length - shown).toLocaleString('en-US')} more; ${whereTheRestIs}.`];
}
