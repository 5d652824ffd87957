import { PermissionFlagsBits } from 'discord.js';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Caller, CommandContext } from '../../src/command';
import type { FactStore } from '../../src/facts/factStore';
import { fitReply } from '../../src/render/fitReply';
import type { Reply } from '../../src/reply';
import { limitViolations } from '../render/limitViolations';
import { liveMarkup } from '../render/liveMarkup';
import { CHANNEL_ID, MEMBER, memberContext, runCommand } from './fixtures/commandContext';
import { InMemoryRecapAdmin } from './fixtures/inMemoryRecapAdmin';
import { expectNoLeaks, expectProblem, replyText } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

const MODERATOR: Caller = { ...MEMBER, permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages };
const RECAP_CHANNEL = '300000000000000007';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

function contextFor(caller: Caller, admin = new InMemoryRecapAdmin(new Set([RECAP_CHANNEL]))): CommandContext {
  const base = memberContext(store, { caller });
  return { ...base, services: { ...base.services, recaps: admin } };
}

const SECTIONS = [
  "Weekly recap: Still near highs despite Friday's dip",
  'What drove each day',
  'Positioning: short interest',
  'Valuation',
  'Technical and seasonal watch',
  'Next week and beyond',
];

describe('/recaps refusals', () => {
  test('GIVEN no server (the local console or a DM) THEN it privately says recaps are set per server', async () => {
    const { guildId: _none, ...outside } = MODERATOR;
    expectProblem(await runCommand('recaps', contextFor(outside), {}, 'status'), 'Recaps are set per server');
    expectProblem(await runCommand('recaps', memberContext(store, { caller: MODERATOR }), {}, 'preview'), 'Recaps are set per server');
  });

  test.each(['set', 'off', 'status', 'preview', 'post-now'])(
    'GIVEN a member without Manage Server (permissions 0) THEN /recaps %s is refused privately',
    async (subcommand) => {
      const admin = new InMemoryRecapAdmin(new Set([RECAP_CHANNEL]));
      const reply = await runCommand('recaps', contextFor({ ...MEMBER, permissions: 0n }, admin), { channel: RECAP_CHANNEL }, subcommand);
      expectProblem(reply, 'Only members with the Manage Server permission');
      expect(admin.subscriptions.size).toBe(0);
      expect(admin.posts).toEqual([]);
    },
  );
});

describe('/recaps preview', () => {
  let reply: Reply;
  beforeAll(async () => {
    reply = await runCommand('recaps', contextFor(MODERATOR), {}, 'preview');
  });

  test('GIVEN a moderator THEN the preview is private and has its sections in order', () => {
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds?.map((e) => e.title)).toEqual(SECTIONS);
    expectNoLeaks(reply);
  });

  test("GIVEN the week THEN the first section holds the week's level and move, dated, with the staleness warning", () => {
    const first = reply.embeds![0]!;
    expect(first.description).toMatch(/^As of 7 Dec 2025 \(<t:1765108800:R>\)\n⚠️ This data is 353 days old/);
    const valuesOf = (name: string) => (first.fields ?? []).filter((f) => f.name === name).map((f) => f.value);
    expect(valuesOf('Russell 2000 · Close')).toEqual([expect.stringContaining('**2,521.48** · 5 Dec 2025 [3]')]);
    expect(valuesOf('Russell 2000 · Weekly move')).toEqual([
      expect.stringContaining('**about +0.8%** · 1–5 Dec 2025 [3]'),
      expect.stringContaining('**+5.5%** · 24–28 Nov 2025 [3]'),
    ]);
  });

  test('GIVEN the week THEN each day, short interest, valuation, technicals, catalysts and scenarios are told with their sources', () => {
    const [, days, shorts, valuation, technicals, next] = reply.embeds!;
    expect(days!.description).toMatch(
      /\*\*5 Dec 2025: Data-driven rally fades into a small-cap dip\*\*[\s\S]*\*\*6 Dec 2025: [\s\S]*\*\*7 Dec 2025: Sentiment peaks/,
    );
    expect(replyText({ embeds: [shorts!] })).toContain('**around 5.5%**');
    expect(replyText({ embeds: [shorts!] })).toContain('**seven-year high**');
    expect(replyText({ embeds: [valuation!] })).toContain('**near 23x**');
    expect(replyText({ embeds: [technicals!] })).toContain('**strong sell**');
    expect(next!.description).toContain("**The Fed's December meeting:**");
    for (const scenario of [
      'Gradual outperformance',
      'Bull case – Small-cap catch-up and short squeeze',
      'Bear case – Growth scare and funding stress',
    ])
      expect(next!.description).toContain(scenario);
    for (const embed of reply.embeds!) expect(embed.footer?.split('\n')[0]).toMatch(/^Sources: \[\d+\] .* · Not investment advice$/);
  });

  test('GIVEN a recap longer than one message THEN fitReply splits it into private parts within every limit, sections kept in order', () => {
    const parts = fitReply(reply);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(limitViolations(part)).toEqual([]);
      expect(part.ephemeral).toBe(true);
    }
    // Only the first part has the lead lines, so each part must date its data itself.
    for (const part of parts)
      expect((part.embeds ?? []).some((e) => e.footer?.includes('Data as of 7 Dec 2025 · ⚠️ 353 days old'))).toBe(true);
    const titles = parts.flatMap((p) => p.embeds ?? []).map((e) => e.title.replace(/ \(cont\.\)$/, ''));
    expect(titles.filter((t, i) => t !== titles[i - 1])).toEqual(SECTIONS);
    const original = reply.embeds!.map((e) => e.description ?? '').join('\n\n');
    const shown = parts
      .flatMap((p) => p.embeds ?? [])
      .map((e) => e.description ?? '')
      .join('\n\n');
    for (const paragraph of original.split('\n\n')) expect(shown).toContain(paragraph);
  });
});

describe('/recaps set, status, off and post-now', () => {
  test('GIVEN a moderator sets Saturdays 09:00 in New York THEN the schedule is stored and status shows it with the next post', async () => {
    const admin = new InMemoryRecapAdmin(new Set([RECAP_CHANNEL]));
    const ctx = contextFor(MODERATOR, admin);
    const set = await runCommand('recaps', ctx, { channel: RECAP_CHANNEL, days: 'sat', time: '9:00', timezone: 'America/New_York' }, 'set');
    expect(set.ephemeral).toBe(true);
    expect(set.content).toMatch(
      new RegExp(
        `^Weekly recap set: Sat at 09:00 \\(America/New_York\\) in <#${RECAP_CHANNEL}>\\. Next post <t:\\d+:F> \\(<t:\\d+:R>\\)\\.$`,
      ),
    );
    expect(admin.subscriptions.get(MODERATOR.guildId!)?.schedule).toEqual({
      days: ['saturday'],
      time: '09:00',
      timeZone: 'America/New_York',
    });
    const status = replyText(await runCommand('recaps', ctx, {}, 'status'));
    expect(status).toContain(`**Schedule:** Sat at 09:00 (America/New_York) in <#${RECAP_CHANNEL}>`);
    expect(status).toMatch(/\*\*Next post:\*\* <t:\d+:F>/);
    expect(status).toContain('**Last post:** none yet');
  });

  test('GIVEN a channel the bot cannot post in THEN set is refused with the reason and nothing is stored', async () => {
    const admin = new InMemoryRecapAdmin(new Set([RECAP_CHANNEL]));
    const reply = await runCommand('recaps', contextFor(MODERATOR, admin), { channel: CHANNEL_ID }, 'set');
    expectProblem(reply, `I can't post in <#${CHANNEL_ID}>`, 'Send Messages');
    expect(admin.subscriptions.size).toBe(0);
  });

  test.each([
    [{ time: '25:00' }, 'Time must be 24-hour HH:MM'],
    [{ days: 'someday' }, '"someday" is not one of them'],
    [{ timezone: 'Mars/Olympus' }, 'Time zone must be an IANA time zone'],
  ])('GIVEN set with %j THEN it is refused privately, saying what is accepted', async (bad, says) => {
    const admin = new InMemoryRecapAdmin(new Set([RECAP_CHANNEL]));
    expectProblem(await runCommand('recaps', contextFor(MODERATOR, admin), { channel: RECAP_CHANNEL, ...bad }, 'set'), says);
    expect(admin.subscriptions.size).toBe(0);
  });

  test('GIVEN set with a mention, @everyone and Markdown typed as the days THEN the refusal quotes them as text', async () => {
    const reply = await runCommand(
      'recaps',
      contextFor(MODERATOR),
      { channel: RECAP_CHANNEL, days: '<@123456789012345678> @everyone **loud**' },
      'set',
    );
    expectProblem(reply, '\\<@123456789012345678>', '@\u200beveryone', '\\*\\*loud\\*\\*');
    expect(liveMarkup(reply)).toEqual([]);
  });

  test('GIVEN a schedule THEN post-now posts to its channel and off stops it; a second off says it was already off', async () => {
    const admin = new InMemoryRecapAdmin(new Set([RECAP_CHANNEL]));
    const ctx = contextFor(MODERATOR, admin);
    expectProblem(await runCommand('recaps', ctx, {}, 'post-now'), 'The recap was not posted');
    await runCommand('recaps', ctx, { channel: RECAP_CHANNEL }, 'set');
    expect((await runCommand('recaps', ctx, {}, 'post-now')).content).toBe(`Posted the recap in <#${RECAP_CHANNEL}> (1 message).`);
    expect(admin.posts).toHaveLength(1);
    expect((await runCommand('recaps', ctx, {}, 'off')).content).toBe('Weekly recaps are off for this server.');
    expect((await runCommand('recaps', ctx, {}, 'off')).content).toBe('Recaps were already off.');
  });
});
