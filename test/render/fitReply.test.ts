import { describe, test, expect } from 'vitest';
import type { Reply, ReplyButton, ReplyEmbed } from '../../src/reply';
import { DISCORD_LIMITS } from '../../src/render/discordLimits';
import { fitReply } from '../../src/render/fitReply';
import { limitViolations } from './limitViolations';

const FOOTER = 'Sources: [3] apnews.com · Not investment advice';

function paragraphs(count: number, size: number): string {
  return Array.from({ length: count }, (_, p) => Array.from({ length: size }, (_, w) => `p${p}w${w}`).join(' ')).join('\n\n');
}

function expectValid(messages: readonly Reply[]): void {
  for (const message of messages) expect(limitViolations(message)).toEqual([]);
}

describe('fitReply', () => {
  test('GIVEN a reply within every limit THEN it comes back unchanged as one message', () => {
    const reply: Reply = {
      content: 'Weekly recap',
      embeds: [
        {
          title: 'Levels',
          description: 'As of 7 Dec 2025',
          color: 0x57f287,
          fields: [{ name: 'Close', value: '2,521.48', inline: true }],
          footer: FOOTER,
          timestamp: '2025-12-07T12:00:00Z',
        },
      ],
      components: [[{ kind: 'button', customId: 'levels:refresh', label: 'Refresh', style: 'primary' }]],
      ephemeral: true,
    };
    expect(fitReply(reply)).toEqual([reply]);
  });

  test('GIVEN DISCORD_LIMITS THEN they are the documented numbers', () => {
    expect(DISCORD_LIMITS).toMatchObject({
      content: 2000,
      embedsPerMessage: 10,
      title: 256,
      description: 4096,
      fieldsPerEmbed: 25,
      fieldName: 256,
      fieldValue: 1024,
      footer: 2048,
      embedTotal: 6000,
      actionRows: 5,
      buttonsPerRow: 5,
      selectOptions: 25,
      label: 80,
      customId: 100,
    });
  });

  test('GIVEN a 10,000-character description THEN it continues in "(cont.)" embeds, split between paragraphs, footer on each message\'s last embed', () => {
    const description = paragraphs(60, 30);
    expect(description.length).toBeGreaterThan(10_000);
    const messages = fitReply({ embeds: [{ title: 'Week', description, footer: FOOTER, color: 1 }] });
    expectValid(messages);
    expect(messages.length).toBeGreaterThan(1);
    const embeds = messages.flatMap((m) => m.embeds ?? []);
    expect(embeds.map((e) => e.title)).toEqual(['Week', ...embeds.slice(1).map(() => 'Week (cont.)')]);
    expect(embeds.map((e) => e.description).join('\n\n')).toBe(description);
    for (const message of messages) {
      const shown = message.embeds ?? [];
      expect(shown.at(-1)?.footer).toBe(FOOTER);
      expect(shown.slice(0, -1).every((e) => e.footer === undefined)).toBe(true);
      expect(shown.every((e) => e.color === 1)).toBe(true);
    }
  });

  test('GIVEN 30 fields THEN the first 25 stay and 5 move to a "(cont.)" embed in the same message', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `Figure ${i}`, value: `${i}%` }));
    const messages = fitReply({ embeds: [{ title: 'Figures', fields, footer: FOOTER }] });
    expectValid(messages);
    expect(messages).toHaveLength(1);
    const [first, second] = messages[0]!.embeds!;
    expect(first!.fields).toHaveLength(25);
    expect(first!.footer).toBeUndefined();
    expect(second).toMatchObject({ title: 'Figures (cont.)', footer: FOOTER });
    expect(second!.fields!.map((f) => f.name)).toEqual(['Figure 25', 'Figure 26', 'Figure 27', 'Figure 28', 'Figure 29']);
  });

  test('GIVEN a 3,000-character field value THEN it continues in "name (cont.)" fields, cut between words', () => {
    const value = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
    const messages = fitReply({ embeds: [{ title: 'Outlook', fields: [{ name: 'Bull case', value, inline: true }] }] });
    expectValid(messages);
    const fields = messages[0]!.embeds![0]!.fields!;
    expect(fields.map((f) => f.name)).toEqual(['Bull case', 'Bull case (cont.)', 'Bull case (cont.)']);
    expect(fields.every((f) => f.inline === true)).toBe(true);
    expect(fields.map((f) => f.value).join(' ')).toBe(value);
  });

  test('GIVEN 12 embeds THEN 10 go in the first message and 2 in the next, in order', () => {
    const embeds: ReplyEmbed[] = Array.from({ length: 12 }, (_, i) => ({ title: `E${i}`, footer: `F${i}` }));
    const messages = fitReply({ embeds });
    expect(messages.map((m) => m.embeds!.map((e) => e.title))).toEqual([embeds.slice(0, 10).map((e) => e.title), ['E10', 'E11']]);
    expect(messages.flatMap((m) => m.embeds!.map((e) => e.footer))).toEqual(embeds.map((e) => e.footer));
  });

  test('GIVEN embeds over 6,000 characters together THEN the next embed starts a new message', () => {
    const embeds: ReplyEmbed[] = [0, 1, 2].map((i) => ({
      title: `Part ${i}`,
      description: paragraphs(1, 400).slice(0, 2500),
      footer: FOOTER,
    }));
    const messages = fitReply({ embeds });
    expectValid(messages);
    expect(messages.map((m) => m.embeds!.map((e) => e.title))).toEqual([['Part 0', 'Part 1'], ['Part 2']]);
  });

  test('GIVEN long content, embeds and buttons on an ephemeral reply THEN content leads, buttons end, every part stays ephemeral', () => {
    const content = paragraphs(15, 50);
    const button: ReplyButton = { kind: 'button', customId: 'brief:more', label: 'More', style: 'secondary' };
    const messages = fitReply({
      content,
      embeds: [{ title: 'Brief', description: 'Body', footer: FOOTER }],
      components: [[button]],
      ephemeral: true,
    });
    expectValid(messages);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.map((m) => m.content).join('\n\n')).toBe(content);
    expect(messages.every((m) => m.ephemeral === true)).toBe(true);
    expect(messages.slice(0, -1).every((m) => m.embeds === undefined && m.components === undefined)).toBe(true);
    expect(messages.at(-1)).toMatchObject({ embeds: [{ title: 'Brief', footer: FOOTER }], components: [[button]] });
  });

  test('GIVEN an over-long title, field name and footer THEN each is cut to its limit ending in "…"', () => {
    const [message] = fitReply({
      embeds: [{ title: 'T'.repeat(300), fields: [{ name: 'N'.repeat(300), value: 'v' }], footer: 'F'.repeat(3000) }],
    });
    const embed = message!.embeds![0]!;
    expect(embed.title).toBe(`${'T'.repeat(255)}…`);
    expect(embed.fields![0]!.name).toBe(`${'N'.repeat(255)}…`);
    expect(embed.footer).toBe(`${'F'.repeat(2047)}…`);
  });

  test('GIVEN empty field names and values THEN a zero-width space stands in, as Discord requires text', () => {
    const [message] = fitReply({ embeds: [{ title: 'T', fields: [{ name: '', value: ' ' }] }] });
    expect(message!.embeds![0]!.fields).toEqual([{ name: '\u200b', value: '\u200b' }]);
  });

  test('GIVEN an embed with nothing to show THEN it is left out rather than sent empty', () => {
    expect(fitReply({ content: 'hi', embeds: [{ title: '', description: '  ' }] })).toEqual([{ content: 'hi' }]);
  });

  test('GIVEN crowded components THEN rows are re-flowed to 5 buttons, selects get their own row, and extras are cut', () => {
    const buttons = Array.from({ length: 7 }, (_, i): ReplyButton => ({
      kind: 'button',
      customId: `x:b${i}`,
      label: `B${i}`,
      style: 'secondary',
    }));
    const select = {
      kind: 'select' as const,
      customId: `pick:${'i'.repeat(200)}`,
      placeholder: 'P'.repeat(200),
      options: Array.from({ length: 30 }, (_, i) => ({ label: `${'L'.repeat(90)}${i}`, value: `v${i}`, description: 'D'.repeat(120) })),
    };
    const [message] = fitReply({
      content: 'pick',
      components: [[...buttons, select], [buttons[0]!], [buttons[1]!], [buttons[2]!], [buttons[3]!]],
    });
    expect(limitViolations(message!)).toEqual([]);
    const rows = message!.components!;
    expect(rows.map((row) => row.map((c) => (c.kind === 'button' ? c.label : 'select')))).toEqual([
      ['B0', 'B1', 'B2', 'B3', 'B4'],
      ['B5', 'B6'],
      ['select'],
      ['B0'],
      ['B1'],
    ]);
    const fitted = rows[2]![0]!;
    expect(fitted.kind === 'select' && fitted.options.length).toBe(25);
    expect(fitted.customId).toBe(select.customId.slice(0, 100));
  });

  test('GIVEN an empty reply THEN one empty message comes back, keeping ephemeral', () => {
    expect(fitReply({ ephemeral: true })).toEqual([{ ephemeral: true }]);
  });
});
