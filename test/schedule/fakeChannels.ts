import type { UnrecordedSendWindow } from '../../src/schedule/recapLedger';
import type { PostResult } from '../../src/schedule/runDueRecaps';
import type { RecapLogger } from '../../src/schedule/recapLogger';

export interface FakeMessage {
  readonly id: string;
  readonly channelId: string;
  readonly part: string;
  readonly nonce: string;
  /** The fake's {@link FakeChannels.time} when Discord created it. */
  readonly at: Date;
}

export interface PostCall {
  readonly channelId: string;
  readonly part: string;
  readonly nonce: string;
}

/**
 * What the next call to a channel does: deliver normally, answer with a
 * result, never settle, or create the message and still answer 503 (a reply
 * lost on the way back).
 */
type Outcome = PostResult | 'deliver' | 'crash-before-send' | 'crash-after-send' | 'send-then-503';

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
  readonly historyReads: { readonly channelId: string; readonly part: string; readonly window: UnrecordedSendWindow }[] = [];
  /** Discord's clock, which the tests move with their ticks. */
  time = new Date(0);
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
    const message = earlier ?? { id: String(this.nextId++), channelId, part, nonce, at: this.time };
    if (earlier === undefined) this.messages.push(message);
    if (outcome === 'crash-after-send') return new Promise<PostResult>(() => {});
    if (outcome === 'send-then-503') return Promise.resolve({ ok: false, permanent: false, error: '503 Service Unavailable' });
    return Promise.resolve({ ok: true, messageId: message.id });
  };

  /** The channel's history, which (unlike the nonce) Discord keeps: messages that read like `part` in the window, oldest first. */
  readonly findPosted = (channelId: string, part: string, window: UnrecordedSendWindow): Promise<readonly string[]> => {
    this.historyReads.push({ channelId, part, window });
    const inWindow = (message: FakeMessage) =>
      window.messageId !== undefined ? Number(message.id) > Number(window.messageId) : message.at.getTime() >= window.time.getTime();
    return Promise.resolve(
      this.in(channelId)
        .filter((message) => message.part === part && inWindow(message))
        .map((message) => message.id),
    );
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
