import { describe, test, expect } from 'vitest';
import { renderReplyAsText } from '../../src/console/renderReplyAsText';
import { discordTimestamp } from '../../src/render/discordTimestamp';

const NOW = new Date('2026-11-25T10:00:00Z');

describe('renderReplyAsText', () => {
  test('GIVEN an embed THEN the title is underlined and description, fields and footer follow in order', () => {
    const text = renderReplyAsText(
      {
        embeds: [
          {
            title: 'Russell 2000 levels',
            description: `As of 7 Dec 2025 (${discordTimestamp('2025-12-07', 'R')})`,
            fields: [
              { name: 'Close', value: '**2,521.48** · 5 Dec 2025 [3]', inline: true },
              { name: 'Daily move', value: '−0.4%' },
            ],
            footer: 'Sources: [3] apnews.com · Not investment advice',
          },
        ],
      },
      NOW,
    );
    expect(text).toBe(
      [
        'Russell 2000 levels',
        '───────────────────',
        'As of 7 Dec 2025 (11 months ago)',
        'Close: **2,521.48** · 5 Dec 2025 [3]',
        'Daily move: −0.4%',
        'Sources: [3] apnews.com · Not investment advice',
      ].join('\n'),
    );
  });

  test('GIVEN Discord timestamps in every style THEN each reads as UTC text, relative ones against now', () => {
    const styles = (['t', 'T', 'd', 'D', 'f', 'F', 'R'] as const).map((s) => discordTimestamp('2025-12-07', s)).join(' | ');
    expect(renderReplyAsText({ content: `${styles} | <t:1765108800>` }, NOW)).toBe(
      '12:00 UTC | 12:00:00 UTC | 7 Dec 2025 | 7 Dec 2025 | 7 Dec 2025 12:00 UTC | Sunday, 7 Dec 2025 12:00 UTC | 11 months ago | 7 Dec 2025 12:00 UTC',
    );
  });

  test('GIVEN an ephemeral reply with content, an embed timestamp, saved files and components THEN all are shown, marked private, the choices numbered', () => {
    const text = renderReplyAsText(
      {
        ephemeral: true,
        content: 'Unknown index "foo". Try rut, spx or ndx.',
        embeds: [{ title: 'Data', footer: 'Loaded', timestamp: '2025-12-07T12:00:00Z' }],
        components: [
          [
            { kind: 'button', customId: 'levels:refresh', label: 'Refresh', style: 'primary' },
            { kind: 'button', customId: 'levels:sources', label: 'Sources', style: 'secondary' },
          ],
          [
            {
              kind: 'select',
              customId: 'outlook:pick',
              placeholder: 'Scenario',
              options: [
                { label: 'Base', value: 'base', description: 'Soft landing' },
                { label: 'Bull', value: 'bull' },
              ],
            },
          ],
        ],
      },
      NOW,
      ['/tmp/bd/answer-1/figures.json'],
    );
    expect(text).toBe(
      [
        '(only you can see this)',
        '',
        'Unknown index "foo". Try rut, spx or ndx.',
        '',
        'Data\n────\nLoaded • 7 Dec 2025 12:00 UTC',
        '',
        'Files saved:\n  /tmp/bd/answer-1/figures.json',
        '',
        '[1] Refresh  [2] Sources\nScenario ▾\n  [3] Base — Soft landing\n  [4] Bull\nType 1–4 to choose; any other line is a command.',
      ].join('\n'),
    );
  });

  test('GIVEN a public reply THEN it is not marked private and Markdown stays as written', () => {
    const text = renderReplyAsText({ content: '**Bold** and [AP](https://apnews.com) [3]' }, NOW);
    expect(text).toBe('**Bold** and [AP](https://apnews.com) [3]');
    expect(text).not.toContain('only you');
  });

  test('GIVEN timestamp tags no date can hold, and an invalid embed timestamp THEN they are shown as written instead of throwing', () => {
    const text = renderReplyAsText(
      { content: '<t:99999999999999999:R> <t:253402300800:F> <t:-99999999999:d>', embeds: [{ title: 'T', timestamp: 'not a date' }] },
      NOW,
    );
    expect(text).toBe('<t:99999999999999999:R> <t:253402300800:F> <t:-99999999999:d>\n\nT\n─\nnot a date');
  });

  test('GIVEN escaped data text THEN it reads as Discord shows it: escapes resolved, escaped tags left as text, code blocks untouched', () => {
    const text = renderReplyAsText({ content: '\\*\\*loud\\*\\* \\<t:1765108800:R> \\\\ 2\\.5%\n```\na\\*b\n```' }, NOW);
    expect(text).toBe('**loud** <t:1765108800:R> \\ 2.5%\n```\na\\*b\n```');
  });
});
