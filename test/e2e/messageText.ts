import { MessageFlags, type APIMessage } from 'discord-api-types/v10';
import type { RecordedMessage } from '../fakeDiscord/messageStore';

/** Everything a member reads in a message: content, embed titles, descriptions, fields, footers. */
export function textOf(recorded: RecordedMessage): string {
  const m = recorded.message;
  return [
    m.content,
    ...m.embeds.flatMap((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text]),
  ]
    .filter((t): t is string => typeof t === 'string')
    .join('\n');
}

export function isEphemeral(recorded: RecordedMessage): boolean {
  return ((recorded.message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/** The buttons of a message, by label, as a member sees them. */
export function buttonsOf(message: APIMessage): { label: string; customId: string }[] {
  return (message.components ?? []).flatMap((row) =>
    'components' in row
      ? row.components.flatMap((c) => ('custom_id' in c && 'label' in c ? [{ label: String(c.label), customId: c.custom_id }] : []))
      : [],
  );
}
