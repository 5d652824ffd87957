/**
 * What a command handler returns: a plain description of a message, free of
 * discord.js, so the Discord shell, the local console and the scheduler can all
 * show it. `src/render/fitReply.ts` bounds it to Discord's limits.
 */
export interface ReplyField {
  readonly name: string;
  readonly value: string;
  readonly inline?: boolean;
}

export interface ReplyEmbed {
  readonly title: string;
  readonly description?: string;
  /** 0xRRGGBB */
  readonly color?: number;
  readonly fields?: readonly ReplyField[];
  readonly footer?: string;
  /** ISO 8601; Discord shows it in the reader's own time zone. */
  readonly timestamp?: string;
}

export interface ReplyButton {
  readonly kind: 'button';
  /** Routed back to the command that made it: `<command>:<action>[:<arg>]`. */
  readonly customId: string;
  readonly label: string;
  readonly style: 'primary' | 'secondary' | 'danger';
}

export interface ReplySelect {
  readonly kind: 'select';
  readonly customId: string;
  readonly placeholder: string;
  readonly options: readonly { readonly label: string; readonly value: string; readonly description?: string }[];
}

export type ReplyComponent = ReplyButton | ReplySelect;

/** A file sent with the message: a snapshot's figures.json, its narrative.md, a list of problems. */
export interface ReplyFile {
  readonly name: string;
  readonly content: string;
  /** Alt text Discord shows for the attachment. */
  readonly description?: string;
}

export interface Reply {
  readonly content?: string;
  readonly embeds?: readonly ReplyEmbed[];
  /** One inner array per row of components. */
  readonly components?: readonly (readonly ReplyComponent[])[];
  /** Attached to the first message of the answer; at most 10, Discord's limit per message. */
  readonly files?: readonly ReplyFile[];
  /** Seen only by the member who asked. */
  readonly ephemeral?: boolean;
}
