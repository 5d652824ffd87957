import type { Snapshot } from '../facts/snapshot';
import { SnapshotMemo } from '../facts/snapshotMemo';
import { markdownToDiscord } from '../render/markdownToDiscord';

/**
 * A passage already written in Discord Markdown by the command, its data text
 * escaped (see `escapeDataText`): lists of sources or titles, which must not
 * go through the narrative's Markdown conversion a second time.
 */
export interface DiscordText {
  readonly discord: string;
}

/**
 * Markdown converted for Discord, kept per snapshot: a snapshot never changes,
 * so each text is lexed once instead of on every command (which also spares the
 * garbage collector), and a reload's new snapshot starts a fresh cache.
 */
const converted = new SnapshotMemo<readonly string[]>();

export function narrativeBlocks(snapshot: Snapshot, markdown: string): readonly string[] {
  return converted.get(snapshot, markdown, () => markdownToDiscord(markdown));
}
