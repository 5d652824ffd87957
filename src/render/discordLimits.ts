/**
 * Discord's size limits for one message, as documented for the REST API
 * (message create, embed, component objects). Lengths are checked with
 * `String.length` (UTF-16 code units), which is never less than the code-point
 * count Discord applies, so a text within these numbers is always accepted.
 */
export const DISCORD_LIMITS = {
  /** Characters of `content`. */
  content: 2000,
  embedsPerMessage: 10,
  title: 256,
  description: 4096,
  fieldsPerEmbed: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Title, description, field names and values, footer and author of every embed of one message, together. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  selectOptions: 25,
  /** Button labels; select option labels allow 100, so 80 is safe for both. */
  label: 80,
  customId: 100,
  placeholder: 150,
  optionValue: 100,
  optionDescription: 100,
} as const;
