/**
 * Numbers in the source article that are deliberately not figures. Each entry
 * was reviewed by hand: the fidelity test skips the matched text when it looks
 * for numbers, and fails as soon as an entry no longer matches the article, so
 * the list cannot quietly outlive what it excuses.
 */
export interface FidelityExclusion {
  /** Exact text of the article, with its non-breaking hyphens written as "-". */
  readonly text: string;
  /** Why the number in it is not a figure. */
  readonly reason: string;
}

export const FIDELITY_EXCLUSIONS: readonly FidelityExclusion[] = [
  {
    text: '1-year forward P/E',
    reason: "names the measure behind the [20] discount; it is kept as that figure's basis, not as a value",
  },
  {
    text: 'over the next 12 months',
    reason: 'the horizon of a qualitative statement about Fed sensitivity [27], not a measured value',
  },
];
