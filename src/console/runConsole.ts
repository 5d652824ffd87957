import readline from 'node:readline';
import { ApplicationCommandOptionType, type APIApplicationCommandOption, type APIApplicationCommandSubcommandOption } from 'discord.js';
import type { Command, CommandContext, Invocation } from '../command';
import { fitReply } from '../render/fitReply';
import { renderReplyAsText, terminalSafe } from './renderReplyAsText';
import { parseCommandLine, type CommandLine } from './parseCommandLine';

export interface ConsoleOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** A prompt, history and tab completion; off when input is piped. */
  readonly interactive: boolean;
  readonly commands: ReadonlyMap<string, Command>;
  /** A fresh context per line, so `now` is the time the line was read. */
  readonly context: () => CommandContext;
}

const EXIT_WORDS = new Set(['/quit', '/exit']);

/**
 * Longer lines are refused before parsing: a real command line is a few
 * hundred characters at most (option values are capped at 100), and a pasted
 * megabyte would only be parsed to be refused.
 */
export const MAX_LINE_LENGTH = 4000;

function subcommandsOf(command: Command): APIApplicationCommandSubcommandOption[] {
  return (command.definition.options ?? []).filter(
    (o): o is APIApplicationCommandSubcommandOption => o.type === ApplicationCommandOptionType.Subcommand,
  );
}

function usage(options: readonly APIApplicationCommandOption[]): string {
  return options.map((o) => (o.required === true ? ` ${o.name}:…` : ` [${o.name}:…]`)).join('');
}

/** One entry per way of calling a command: each subcommand of /recaps gets its own line, as Discord shows them. */
function helpText(commands: ReadonlyMap<string, Command>): string {
  const lines = [...commands.values()].flatMap((c) => {
    const subcommands = subcommandsOf(c);
    if (subcommands.length === 0) return [`  /${c.definition.name}${usage(c.definition.options ?? [])}\n      ${c.definition.description}`];
    return subcommands.map((s) => `  /${c.definition.name} ${s.name}${usage(s.options ?? [])}\n      ${s.description}`);
  });
  return ['Commands (values with spaces go in quotes: index:"s&p 500"):', ...lines, '  /help, /quit'].join('\n');
}

/**
 * Checks a typed line against the command's definition, as Discord's client
 * does before it sends anything: a subcommand where one is needed, no stray
 * words, no option the command does not have. Returns the problem as text.
 */
function invocationOf(command: Command, line: CommandLine): Invocation | string {
  const name = `/${command.definition.name}`;
  const subcommands = subcommandsOf(command);
  const [word, ...extra] = line.words;
  let subcommand: APIApplicationCommandSubcommandOption | undefined;
  if (subcommands.length > 0) {
    const names = subcommands.map((s) => s.name).join(', ');
    if (word === undefined) return `${name} needs one of: ${names}; for example ${name} ${subcommands[0]!.name}.`;
    subcommand = subcommands.find((s) => s.name === word);
    if (subcommand === undefined) return `${name} has no "${word}"; use one of: ${names}.`;
    if (extra.length > 0) return `Unexpected "${extra.join(' ')}". Write options as name:value.`;
  } else if (word !== undefined) {
    return `Unexpected "${line.words.join(' ')}" after ${name}. Write options as name:value.`;
  }
  const allowed = (subcommand === undefined ? command.definition.options : subcommand.options) ?? [];
  const unknown = Object.keys(line.options).find((key) => !allowed.some((o) => o.name === key));
  if (unknown !== undefined) {
    const shown = subcommand === undefined ? name : `${name} ${subcommand.name}`;
    const known = allowed.length > 0 ? `Its options: ${allowed.map((o) => o.name).join(', ')}.` : 'It takes no options.';
    return `${shown} has no option "${unknown}". ${known}`;
  }
  return { ...(subcommand !== undefined && { subcommand: subcommand.name }), options: line.options };
}

/**
 * The local console: the same command handlers as Discord, read from stdin and
 * printed as text. Piped input is answered line by line and ends with the input,
 * or when the reader of the output goes away; a line that fails, or is longer
 * than {@link MAX_LINE_LENGTH}, is answered with why, and the console carries on.
 */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { commands, output } = options;
  const names = [...commands.keys()].map((n) => `/${n}`).concat('/help', '/quit');
  const rl = readline.createInterface({
    input: options.input,
    output: options.interactive ? output : undefined,
    terminal: options.interactive,
    historySize: options.interactive ? 500 : 0,
    completer: (line: string): [string[], string] => {
      const hits = names.filter((n) => n.startsWith(line.trim()));
      return [hits.length > 0 ? hits : names, line];
    },
  });
  // A reader that goes away (`| head -1`) fails the next write with EPIPE: stop quietly rather than die with a stack trace.
  let readerGone = false;
  output.on('error', () => {
    readerGone = true;
    rl.close();
  });
  // A blank line after each answer keeps consecutive answers apart; nothing from the data reaches the terminal unfiltered.
  const write = (text: string) => {
    if (!readerGone) output.write(`${terminalSafe(text)}\n\n`);
  };
  if (options.interactive) {
    rl.setPrompt('briefing-desk> ');
    rl.prompt();
  }

  for await (const raw of rl) {
    if (readerGone) break;
    if (raw.length > MAX_LINE_LENGTH) {
      write(
        `✗ That line has ${raw.length.toLocaleString('en-US')} characters; lines are limited to ${MAX_LINE_LENGTH.toLocaleString('en-US')}.`,
      );
      if (options.interactive) rl.prompt();
      continue;
    }
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) {
      if (options.interactive) rl.prompt();
      continue;
    }
    if (EXIT_WORDS.has(text)) break;
    write(await answerLine(text, commands, options.context));
    if (options.interactive) rl.prompt();
  }
  rl.close();
}

async function answerLine(text: string, commands: ReadonlyMap<string, Command>, context: () => CommandContext): Promise<string> {
  if (text === '/help') return helpText(commands);
  const parsed = parseCommandLine(text);
  if (!parsed.ok) return `✗ ${parsed.error}`;
  const command = commands.get(parsed.line.name);
  if (command === undefined) return `✗ Unknown command /${parsed.line.name}. Try /help.`;
  const invocation = invocationOf(command, parsed.line);
  if (typeof invocation === 'string') return `✗ ${invocation}`;
  const ctx = context();
  try {
    const reply = await command.run(invocation, ctx);
    return fitReply(reply)
      .map((part) => renderReplyAsText(part, ctx.now))
      .join('\n');
  } catch (error) {
    // One failing answer must not end a session that other lines are still queued behind.
    return `✗ /${parsed.line.name} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}
