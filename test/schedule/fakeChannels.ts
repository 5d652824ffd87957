import type { PostResult } from '../../src/schedule/runDueRecaps';
import type { RecapLogger } from '../../src/schedule/recapLogger';

export interface FakeMessage {
  readonly id: string;
  readonly channelId: string;
  readonly part: string;
  readonly nonce: string;
}

export interface PostCall {
  readonly channelId: string;
  readonly part: string;
  readonly nonce: string;
}

/** What the next call to a channel does: deliver normally, answer with a result, or never settle. */
type Outcome = PostResult | 'deliver' | 'crash-before-send' | 'crash-after-send';

/**
 * Discord's message create as the scheduler sees it: records every call, keeps
 * the channel's messages, and like `enforce_nonce: true` answers a repeated
 * nonce in a channel with the first message instead of a new one. Outcomes can
 * be queued per channel; a "crash" never settles, as if the process had died.
 */
export class FakeChannels {
  readonly calls: PostCall[] = [];
  readonly messages: FakeMessage[] = [];
  /** Each look-up in a channel's history: where, for which part, and since when. */
  readonly historyReads: { readonly channelId: string; readonly part: string; readonly since: Date }[] = [];
  private readonly outcomes = new Map<string, Outcome[]>();
  private nextId = 1_000;

  /** With `rememberNonces: false`, Discord has forgotten every nonce, as it does after a few minutes. */
  constructor(private readonly options: { readonly rememberNonces?: boolean } = {}) {}

  queueOutcomes(channelId: string, ...outcomes: Outcome[]): void {
    this.outcomes.set(channelId, [...(this.outcomes.get(channelId) ?? []), ...outcomes]);
  }

  in(channelId: string): FakeMessage[] {
    return this.messages.filter((message) => message.channelId === channelId);
  }

  readonly post = (channelId: string, part: string, nonce: string): Promise<PostResult> => {
    this.calls.push({ channelId, part, nonce });
    const outcome = this.outcomes.get(channelId)?.shift();
    if (outcome === 'crash-before-send') return new Promise<PostResult>(() => {});
    if (typeof outcome === 'object') return Promise.resolve(outcome);
    const earlier =
      this.options.rememberNonces === false
        ? undefined
        : this.messages.find((message) => message.channelId === channelId && message.nonce === nonce);
    const message = earlier ?? { id: String(this.nextId++), channelId, part, nonce };
    if (earlier === undefined) this.messages.push(message);
    if (outcome === 'crash-after-send') return new Promise<PostResult>(() => {});
    return Promise.resolve({ ok: true, messageId: message.id });
  };

  /** The channel's history, which (unlike the nonce) Discord keeps: a message that reads like `part`. */
  readonly findPosted = (channelId: string, part: string, since: Date): Promise<string | undefined> => {
    this.historyReads.push({ channelId, part, since });
    return Promise.resolve(this.in(channelId).find((message) => message.part === part)?.id);
  };
}

export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** A logger that keeps what it was told, for assertions. */
export function recordingLogger(): RecapLogger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (fields, message) => entries.push({ level: 'info', fields, message }),
    warn: (fields, message) => entries.push({ level: 'warn', fields, message }),
    error: (fields, message) => entries.push({ level: 'error', fields, message }),
  };
}
