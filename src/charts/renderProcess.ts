import { createRequire } from 'node:module';
import process from 'node:process';
import { Resvg } from '@resvg/resvg-js';
import { parse, textMetrics, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { RenderRequest, RenderResult } from './chartRenderer';

/**
 * The chart renderer's own process: Vega-Lite compiles a chart's spec, Vega
 * lays it out as SVG without a browser, and resvg draws the SVG as a PNG with
 * the bundled Inter font. It runs apart from the bot because these libraries
 * cost the process about 30 MB resident once loaded, and most answers never
 * draw a chart; it exits when it has had nothing to do for a while.
 */

const require = createRequire(import.meta.url);
/** Inter (SIL Open Font License), from an npm package, so text is drawn the same on every host whatever fonts it has. */
const FONT_FILES = [
  '400Regular/Inter_400Regular.ttf',
  '400Regular_Italic/Inter_400Regular_Italic.ttf',
  '600SemiBold/Inter_600SemiBold.ttf',
].map((file) => require.resolve(`@expo-google-fonts/inter/${file}`));

declare module 'vega' {
  /** Vega's text measuring, which it documents replacing where no canvas measures text (vega-typings leaves it out). */
  export const textMetrics: {
    width: (item: { readonly fontSize?: number; readonly fontWeight?: string | number; readonly text?: unknown }, text?: unknown) => number;
  };
}

/** Widths of Inter Regular's characters in ems, by kind; the rest are about 0.56 em. */
const CHARACTER_WIDTHS: readonly (readonly [RegExp, number])[] = [
  [/[\s.,:;'|!ijlI]/, 0.27],
  [/[ft()[\]r"“”‘’]/, 0.38],
  [/[mwMW%—]/, 0.86],
  [/[A-Z]/, 0.68],
  [/[0-9]/, 0.62],
];

/**
 * Vega without a canvas guesses every character at 0.8 em, half as wide
 * again as Inter's, and lays out from the guess: labels were cut at half
 * their room and 'fit' shrank plots for text that was not there. This
 * measures by Inter's own widths (a little generously, so nothing is clipped).
 */
textMetrics.width = (item, text) => {
  const value = String(text ?? item.text ?? '');
  const size = item.fontSize ?? 11;
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600 ? 1.06 : 1;
  let ems = 0;
  for (const char of value) ems += CHARACTER_WIDTHS.find(([kind]) => kind.test(char))?.[1] ?? 0.56;
  return Math.ceil(ems * size * bold * 1.04);
};

const idleMs = Number(process.argv[2] ?? '30000');

async function render(request: RenderRequest): Promise<Uint8Array> {
  const { spec } = compile(request.spec as unknown as TopLevelSpec);
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'Inter' },
      fitTo: { mode: 'width', value: request.width },
    })
      .render()
      .asPng();
    return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  } finally {
    view.finalize();
  }
}

let idle: NodeJS.Timeout | undefined;

function waitForWork(): void {
  clearTimeout(idle);
  // Disconnecting ends the process once nothing else is pending; the parent starts a new one when it next needs a chart.
  idle = setTimeout(() => process.disconnect(), idleMs);
}

process.on('message', (message: RenderRequest) => {
  clearTimeout(idle);
  render(message)
    .then(
      (png): RenderResult => ({ id: message.id, ok: true, png }),
      (error: unknown): RenderResult => ({ id: message.id, ok: false, problem: error instanceof Error ? error.message : String(error) }),
    )
    .then((result) => {
      process.send?.(result);
      waitForWork();
    });
});
waitForWork();
