/**
 * Reads a slash-command line as a member would type it in Discord:
 * `/levels index:rut`, `/recaps set channel:123 days:"sat sun"`, `/outlook scenario:bear`.
 * Values with spaces are quoted, either the value or the whole option.
 */
export interface CommandLine {
  readonly name: string;
  /** Bare words after the name, such as the subcommand of `/data reload`. */
  readonly words: readonly string[];
  readonly options: Readonly<Record<string, string>>;
}

export type CommandLineResult = { ok: true; line: CommandLine } | { ok: false; error: string };

function tokenize(text: string): string[] | string {
  const tokens: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inToken = false;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote !== undefined) return `unclosed ${quote} quote`;
  if (inToken) tokens.push(current);
  return tokens;
}

/**
 * Splits a typed line into the command name, bare words and `name:value`
 * options; names are matched case-insensitively, values are kept as typed.
 * Fails on an unclosed quote, a line without a leading "/", an option given
 * twice or a bare word after the options.
 */
export function parseCommandLine(text: string): CommandLineResult {
  const tokens = tokenize(text.trim());
  if (typeof tokens === 'string') return { ok: false, error: tokens };
  const [head, ...rest] = tokens;
  if (head === undefined || !head.startsWith('/') || head.length < 2) {
    return { ok: false, error: 'commands start with "/", for example /levels index:rut (try /help)' };
  }
  const words: string[] = [];
  // A Map, not an object literal, so option names such as "constructor" or "__proto__" are plain names.
  const options = new Map<string, string>();
  for (const token of rest) {
    const colon = token.indexOf(':');
    if (colon > 0) {
      const key = token.slice(0, colon).toLowerCase();
      if (options.has(key)) return { ok: false, error: `option "${key}" is given twice` };
      options.set(key, token.slice(colon + 1));
    } else if (options.size === 0) {
      words.push(token.toLowerCase());
    } else {
      return { ok: false, error: `"${token}" is not an option; write name:value (quote values with spaces)` };
    }
  }
  return { ok: true, line: { name: head.slice(1).toLowerCase(), words, options: Object.fromEntries(options) } };
}
