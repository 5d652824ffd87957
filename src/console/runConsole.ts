import readline from 'node:readline';
import { ApplicationCommandOptionType, type APIApplicationCommandOption, type APIApplicationCommandSubcommandOption } from 'discord.js';
import type { ChartRenderer } from '../charts/chartRenderer';
import { fetchOnce, type Command, type CommandContext, type Invocation } from '../command';
import { readDeadline } from '../facts/readDataFile';
import type { Reply } from '../reply';
import { fitReply } from '../render/fitReply';
import { choiceRange, numberChoices, pickChoice, type Choice } from './choices';
import { readAttachment, saveChartImages, saveReplyFiles, type SavedFiles } from './localFiles';
import { renderReplyAsText, terminalSafe } from './renderReplyAsText';
import { parseCommandLine, type CommandLine } from './parseCommandLine';

export interface ConsoleOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** A prompt, history and tab completion; off when input is piped. */
  readonly interactive: boolean;
  readonly commands: ReadonlyMap<string, Command>;
  /** A fresh context per line, so `now` is the time the line was read; also for a typed choice, as Discord's router does for a click. */
  readonly context: () => CommandContext;
  /** Where the files in answers are saved, a new folder under it per answer; main makes it under the system temp dir. */
  readonly filesDir: string;
  /** Draws the charts in answers; without it, answers are printed without them. */
  readonly charts?: ChartRenderer;
  /** Where drawn charts are written (`CHARTS_DIR`); default: `filesDir`. */
  readonly chartsDir?: string;
}

const EXIT_WORDS = new Set(['/quit', '/exit']);
const PROMPT = 'briefing-desk> ';

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
  return options
    .map((o) => {
      const option = `${o.name}:${o.type === ApplicationCommandOptionType.Attachment ? '<path>' : '…'}`;
      return o.required === true ? ` ${option}` : ` [${option}]`;
    })
    .join('');
}

/** One entry per way of calling a command: each subcommand of /recaps gets its own line, as Discord shows them. */
function helpText(commands: ReadonlyMap<string, Command>): string {
  const lines = [...commands.values()].flatMap((c) => {
    const subcommands = subcommandsOf(c);
    if (subcommands.length === 0) return [`  /${c.definition.name}${usage(c.definition.options ?? [])}\n      ${c.definition.description}`];
    return subcommands.map((s) => `  /${c.definition.name} ${s.name}${usage(s.options ?? [])}\n      ${s.description}`);
  });
  return [
    'Commands (values with spaces go in quotes: index:"s&p 500"; a file option takes a local path, file:./article.txt):',
    ...lines,
    '  /help, /quit',
    'When an answer offers numbered choices, type the number to choose.',
  ].join('\n');
}

/** An invocation whose attachment options are still the paths typed for them. */
interface TypedInvocation {
  readonly subcommand?: string;
  readonly options: Readonly<Record<string, string>>;
  readonly attachmentPaths: Readonly<Record<string, string>>;
}

/**
 * Checks a typed line against the command's definition, as Discord's client
 * does before it sends anything: a subcommand where one is needed, no stray
 * words, no option the command does not have, and every required file given
 * (a handler cannot ask for a path it was never told). Returns the problem as text.
 */
function invocationOf(command: Command, line: CommandLine): TypedInvocation | string {
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
  const files = allowed.filter((o) => o.type === ApplicationCommandOptionType.Attachment);
  const missing = files.find((o) => o.required === true && line.options[o.name] === undefined);
  if (missing !== undefined) {
    const shown = subcommand === undefined ? name : `${name} ${subcommand.name}`;
    return `${shown} needs ${missing.name}:<path>, a local file (${missing.description}).`;
  }
  const options = Object.entries(line.options).filter(([key]) => !files.some((o) => o.name === key));
  const attachmentPaths = Object.entries(line.options).filter(([key]) => files.some((o) => o.name === key));
  return {
    ...(subcommand !== undefined && { subcommand: subcommand.name }),
    options: Object.fromEntries(options),
    attachmentPaths: Object.fromEntries(attachmentPaths),
  };
}

/** The typed paths read as the files Discord would have attached; one read deadline for the line. */
async function withAttachments(typed: TypedInvocation): Promise<Invocation> {
  const paths = Object.entries(typed.attachmentPaths);
  const invocation: Invocation = { ...(typed.subcommand !== undefined && { subcommand: typed.subcommand }), options: typed.options };
  if (paths.length === 0) return invocation;
  const signal = readDeadline();
  return {
    ...invocation,
    attachments: Object.fromEntries(paths.map(([name, path]) => [name, fetchOnce(() => readAttachment(path, signal))])),
  };
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
    rl.setPrompt(PROMPT);
    rl.prompt();
  }

  // Choices belong to the last answer: a command line replaces them; a number that picks nothing leaves them open.
  let open: readonly Choice[] = [];
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
    const answer = await answerLine(text, open, options);
    if (answer.choices !== undefined) open = answer.choices;
    write(answer.text);
    if (options.interactive) {
      // The prompt says when a number would choose, since the choices may have scrolled away.
      rl.setPrompt(open.length === 0 ? PROMPT : `briefing-desk (choose ${choiceRange(open.length)})> `);
      rl.prompt();
    }
  }
  rl.close();
}

interface Answer {
  readonly text: string;
  /** The choices this answer opens; absent when the ones already open stay open. */
  readonly choices?: readonly Choice[];
}

const NO_CHOICES: readonly Choice[] = [];

async function answerLine(text: string, open: readonly Choice[], options: ConsoleOptions): Promise<Answer> {
  const picked = pickChoice(text, open);
  if (picked !== undefined) return picked.ok ? answerChoice(picked.choice, options) : { text: `✗ ${picked.problem}` };
  const { commands } = options;
  if (text === '/help') return { text: helpText(commands), choices: NO_CHOICES };
  const parsed = parseCommandLine(text);
  if (!parsed.ok) return { text: `✗ ${parsed.error}`, choices: NO_CHOICES };
  const command = commands.get(parsed.line.name);
  if (command === undefined) return { text: `✗ Unknown command /${parsed.line.name}. Try /help.`, choices: NO_CHOICES };
  const typed = invocationOf(command, parsed.line);
  if (typeof typed === 'string') return { text: `✗ ${typed}`, choices: NO_CHOICES };
  const ctx = options.context();
  try {
    const reply = await command.run(await withAttachments(typed), ctx);
    return await shown(reply, ctx.now, options);
  } catch (error) {
    // One failing answer must not end a session that other lines are still queued behind.
    return { text: `✗ /${parsed.line.name} failed: ${messageOf(error)}`, choices: NO_CHOICES };
  }
}

/** A typed choice runs as a click does in Discord: routed to the command its custom id names, answered privately. */
async function answerChoice(choice: Choice, options: ConsoleOptions): Promise<Answer> {
  const [owner] = choice.customId.split(':');
  const command = owner === undefined ? undefined : options.commands.get(owner);
  if (command?.component === undefined) return { text: '✗ This choice has expired. Run the command again.', choices: NO_CHOICES };
  const ctx = options.context();
  try {
    const reply = await command.component(choice.customId, choice.values, ctx);
    const answer = await shown({ ...reply, ephemeral: true }, ctx.now, options);
    // In Discord the clicked message keeps its buttons: an answer without its own (Download draft's files) leaves them open.
    return answer.choices !== undefined && answer.choices.length > 0 ? answer : { text: answer.text };
  } catch (error) {
    return { text: `✗ That choice failed: ${messageOf(error)}`, choices: NO_CHOICES };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const NOTHING_SAVED: SavedFiles = { paths: [] };

/** The reply's charts drawn and written as PNG files; a chart that cannot be drawn is said, and the answer is still shown. */
async function savedCharts(reply: Reply, options: ConsoleOptions): Promise<SavedFiles> {
  const charts = reply.charts ?? [];
  if (charts.length === 0 || options.charts === undefined) return NOTHING_SAVED;
  let images: ReadonlyMap<string, Uint8Array>;
  try {
    images = await options.charts.pngs(charts);
  } catch (error) {
    return { paths: [], problem: `the chart could not be drawn: ${messageOf(error)}` };
  }
  return saveChartImages(charts, images, options.chartsDir ?? options.filesDir);
}

/**
 * A reply as printed, with the choices it opens. Its charts and files are
 * saved first, and listed with the first part, which is where Discord
 * attaches them; a failure to save is said, and the answer is still shown.
 */
async function shown(reply: Reply, now: Date, options: ConsoleOptions): Promise<Answer> {
  const charts = await savedCharts(reply, options);
  const saved = reply.files === undefined || reply.files.length === 0 ? NOTHING_SAVED : await saveReplyFiles(reply.files, options.filesDir);
  const parts = fitReply(reply);
  const text = parts.map((part, i) => renderReplyAsText(part, now, i === 0 ? saved.paths : [], i === 0 ? charts.paths : [])).join('\n');
  const choices = parts.flatMap((part) => numberChoices(part.components ?? []).choices);
  const problems = [charts.problem, saved.problem].filter((p) => p !== undefined).map((p) => `✗ ${p}`);
  return { text: [text, ...problems].join('\n\n'), choices };
}
