import type { ReplyComponent } from '../reply';

/**
 * The console has no buttons to click: an answer's buttons and select options
 * are numbered in the order Discord shows them, and typing a number does what
 * clicking would. Each select option gets its own number, so every choice is
 * one number and nothing else to remember.
 */
export interface Choice {
  /** The owning command's custom id, routed as Discord's router routes it. */
  readonly customId: string;
  /** A select's picked value; none for a button, as Discord sends for one. */
  readonly values: readonly string[];
}

export interface NumberedChoices {
  /** Choice `n` is `choices[n - 1]`. */
  readonly choices: readonly Choice[];
  /** The rows as the console prints them, ending with how to choose; empty without components. */
  readonly text: string;
}

/** `1`, or `1–3`: the numbers a reader may type. */
export function choiceRange(count: number): string {
  return count === 1 ? '1' : `1–${count}`;
}

/**
 * Numbers rows of components (already fitted, as Discord would show them):
 * a row of buttons is one line, `[1] Publish  [2] Download draft`; a select is
 * its placeholder, then one line per option, `  [3] v2 — published by …`.
 */
export function numberChoices(rows: readonly (readonly ReplyComponent[])[]): NumberedChoices {
  const choices: Choice[] = [];
  const lines: string[] = [];
  const numbered = (label: string, choice: Choice): string => {
    choices.push(choice);
    return `[${choices.length}] ${label}`;
  };
  for (const row of rows) {
    const buttons: string[] = [];
    for (const component of row) {
      if (component.kind === 'button') {
        buttons.push(numbered(component.label, { customId: component.customId, values: [] }));
        continue;
      }
      if (buttons.length > 0) lines.push(buttons.splice(0).join('  '));
      lines.push(`${component.placeholder.trim() === '' ? 'Choose one' : component.placeholder} ▾`);
      for (const option of component.options) {
        const described = option.description === undefined || option.description === '' ? '' : ` — ${option.description}`;
        lines.push(`  ${numbered(option.label, { customId: component.customId, values: [option.value] })}${described}`);
      }
    }
    if (buttons.length > 0) lines.push(buttons.join('  '));
  }
  if (choices.length === 0) return { choices, text: '' };
  lines.push(`Type ${choiceRange(choices.length)} to choose; any other line is a command.`);
  return { choices, text: lines.join('\n') };
}

export type Pick = { readonly ok: true; readonly choice: Choice } | { readonly ok: false; readonly problem: string };

/**
 * The choice a typed line picks, or why it picks none; undefined for a line
 * that is not a number (digits only, so no command or comment is taken for one).
 */
export function pickChoice(line: string, open: readonly Choice[]): Pick | undefined {
  if (!/^\d+$/.test(line)) return undefined;
  if (open.length === 0) {
    return { ok: false, problem: 'There is nothing to choose: numbers pick from the choices under the last answer, and it has none.' };
  }
  const choice = open[Number(line) - 1];
  if (choice === undefined)
    return { ok: false, problem: `There is no choice ${line}: the last answer offers ${choiceRange(open.length)}.` };
  return { ok: true, choice };
}
