import type { FigureValue } from '../facts/figuresSchema';

/** Discord's own green, used for rises. */
export const COLOR_UP = 0x57f287;
/** Discord's own red, used for falls. */
export const COLOR_DOWN = 0xed4245;
/** Discord blurple, for flat moves and anything that is not a signed number. */
export const COLOR_NEUTRAL = 0x5865f2;

/**
 * The embed colour for a move: green when it rose, red when it fell, blurple when
 * it was flat, a range straddles zero, or the value is a word. Colour only
 * repeats what the signed value says, so no reader depends on seeing it.
 */
export function moveColor(value: FigureValue | undefined): number {
  if (value === undefined || (typeof value === 'object' && 'word' in value)) return COLOR_NEUTRAL;
  const [low, high] = typeof value === 'number' ? [value, value] : [value.low, value.high];
  if (low > 0) return COLOR_UP;
  if (high < 0) return COLOR_DOWN;
  return COLOR_NEUTRAL;
}
