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

  test('GIVEN a moderator THEN the preview is private and is the one-message card, with its Read the full week button', () => {
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds?.map((e) => e.title)).toEqual(["Weekly recap: Still near highs despite Friday's dip"]);
    expect(fitReply(reply)).toHaveLength(1);
    expect(limitViolations(fitReply(reply)[0]!)).toEqual([]);
    expect(reply.components?.flat().map((c) => (c.kind === 'button' ? c.label : ''))).toEqual(['Read the full week']);
    expectNoLeaks(reply);
  });

  test('GIVEN the week THEN the card is dated once, with the staleness warning, and opens with the close and the moves', () => {
    const card = reply.embeds![0]!;
    expect(card.description).toMatch(/^⚠️ Data of 7 Dec 2025, about 11 months old: not today's market\./);
    // One message, so one dating: no footer repeats it.
    expect(replyText(reply).match(/Data of 7 Dec 2025|months old/g)).toEqual(['Data of 7 Dec 2025', 'months old']);
    expect(card.footer).not.toContain('Data of');
    expect(card.fields?.slice(0, 3).map((f) => [f.name, f.value])).toEqual([
      ['Close', '**2,521.48** [3]\n5 Dec 2025'],
      ['Daily move', '**−0.4%** [3]\n5 Dec 2025'],
      ['Weekly move', '**about +0.8%** [3]\n1–5 Dec 2025'],
    ]);
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
