import type { Source } from '../facts/snapshot';
import { DISCORD_LIMITS } from './discordLimits';

const DISCLAIMER = 'Not investment advice';
const SEPARATOR = ' · ';
const PREFIX = 'Sources: ';

/**
 * The footer that names where an answer's numbers come from:
 * `Sources: [3] apnews.com · [4] www.investrade.com · Not investment advice`.
 * Numbers are sorted and deduplicated. When they do not all fit in `maxLength`,
 * the list ends with `+N more (/sources)` so members know where to find the rest,
 * and the disclaimer always stays last.
 *
 * @throws Error for a number missing from `sources`: the loader guarantees every cited number exists.
 * @throws RangeError when `maxLength` cannot hold even the shortened footer.
 */
export function citeSources(
  numbers: readonly number[],
  sources: ReadonlyMap<number, Source>,
  maxLength: number = DISCORD_LIMITS.footer,
): string {
  const cited = [...new Set(numbers)]
    .sort((a, b) => a - b)
    .map((n) => {
      const source = sources.get(n);
      if (source === undefined) throw new Error(`source [${n}] is not in the snapshot`);
      return `[${n}] ${source.publisher}`;
    });
  if (cited.length === 0) return DISCLAIMER;
  const more = (shown: number): string[] => (shown < cited.length ? [`+${cited.length - shown} more (/sources)`] : []);
  // Lengths from running sums, so finding what fits stays linear with ten thousand sources.
  let listed = cited.reduce((sum, text) => sum + text.length, 0);
  for (let shown = cited.length; shown >= 0; shown -= 1) {
    const parts = [...more(shown), DISCLAIMER];
    const length =
      PREFIX.length + listed + parts.reduce((sum, text) => sum + text.length, 0) + SEPARATOR.length * (shown + parts.length - 1);
    if (length <= maxLength) return `${PREFIX}${[...cited.slice(0, shown), ...parts].join(SEPARATOR)}`;
    listed -= cited[shown - 1]?.length ?? 0;
  }
  throw new RangeError(`a sources footer needs more than ${maxLength} characters`);
}
