const FENCE = /^\s*```/;

/**
 * The blocks of Discord-flavoured Markdown text: runs of lines separated by
 * blank lines, where a fenced code block counts as one block even when it
 * contains blank lines. Used to re-split text that is already rendered (a long
 * description or field value) at the same boundaries `markdownToDiscord` gives.
 */
export function blocksOf(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let inFence = false;
  for (const line of text.split('\n')) {
    if (FENCE.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === '') {
      if (current.length > 0) blocks.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}
