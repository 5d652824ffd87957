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

/** A Vega-Lite specification: plain JSON, so a Reply stays data and the renderer can run in another process. */
export type ChartSpec = { readonly [key: string]: unknown };

/**
 * A chart the shell renders to a PNG and attaches (in Discord, as the first
 * embed's image). Built by `src/charts/` from a snapshot's figures.
 */
export interface ReplyChart {
  /** The snapshot's content hash and the chart's name: a snapshot never changes, so neither does its chart, and the PNG is cached by this. */
  readonly key: string;
  /** The attachment's file name, `<chart>.png`. */
  readonly name: string;
  readonly spec: ChartSpec;
  /** The PNG's size in pixels; the spec is laid out at half of it and drawn at twice the scale, for sharp text. */
  readonly width: number;
  readonly height: number;
  /** Alt text: what the chart shows, with its values, for members who cannot see it. At most 1,024 characters (Discord's limit). */
  readonly description: string;
}

export interface Reply {
  readonly content?: string;
  readonly embeds?: readonly ReplyEmbed[];
  /** One inner array per row of components. */
  readonly components?: readonly (readonly ReplyComponent[])[];
  /** Attached to the first message of the answer; at most 10, Discord's limit per message. */
  readonly files?: readonly ReplyFile[];
  /** Charts rendered by the shell and attached to the first message before its files; the first is shown in the first embed. */
  readonly charts?: readonly ReplyChart[];
  /** Seen only by the member who asked. */
  readonly ephemeral?: boolean;
}
