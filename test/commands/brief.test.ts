import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, press, runCommand } from './fixtures/commandContext';
import { button, field, lines, onlyEmbed, replyText, visibleLength } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/brief', () => {
  test('GIVEN the week THEN the card leads with the close and the day, then six numbers side by side, each sourced', async () => {
    const reply = await runCommand('brief', memberContext(store));
    expect(onlyEmbed(reply).title).toBe('Briefing: Russell 2000 vs world indices, 5–7 December 2025');
    expect(lines(reply)[0]).toBe('**Russell 2000 2,521.48** · −0.4% day · as of 5 Dec 2025 [3]');
    const inline = (onlyEmbed(reply).fields ?? []).filter((f) => f.inline === true);
    expect(inline.map((f) => [f.name, f.value])).toEqual([
      ['This week', '**about +0.8%** [3]'],
      ['Year to date', '**roughly low-teens** [5]'],
      ['Short interest', '**around 5.5%** [16][31]'],
      ['Small-cap discount', '**20–30%** · 4 estimates [20][21][28][39]'],
      ['Fed cut odds', '**close to 87–90%** [7]'],
      ['Core PCE, year on year', '**2.8%** [6]'],
    ]);
  });

  test('GIVEN the summary THEN two sentences are shown, and the scenarios one line each with a mention of /outlook', async () => {
    const ids = new Map([['outlook', '1300000000000000007']]);
    const reply = await runCommand('brief', memberContext(store, { commandIds: ids }));
    expect(field(reply, 'The week').value).toBe(
      'The Russell 2000 entered December 2025 within touching distance of record territory, even after a brief pullback to close last week. Fundamentals are improving and valuations remain discounted versus mega caps, but positioning and sentiment are getting crowded and short interest in small caps is unusually high.',
    );
    expect(field(reply, 'Scenarios').value.split('\n')).toEqual([
      '• Base case – Gradual outperformance, Fed-supported soft landing [35]',
      '• Bull case – Small-cap catch-up and short squeeze [36]',
      '• Bear case – Growth scare and funding stress [37]',
    ]);
    expect(field(reply, 'More').value).toBe('</outlook:1300000000000000007> each scenario in full');
  });

  test("GIVEN Read more THEN the week's story, next week's catalysts and the takeaways are there privately, with their sources", async () => {
    const reply = await runCommand('brief', memberContext(store));
    expect(replyText(reply)).not.toContain('The trend is still up');
    const first = await press('brief', button(reply, 'Read more').customId, memberContext(store));
    expect(first.ephemeral).toBe(true);
    expect(onlyEmbed(first).description).toContain('On Friday, 5 December 2025, the Russell 2000 slipped 0.4% to 2,521.48');
    const pages = [first];
    for (let next = first; next.components !== undefined;) {
      const forward = (next.components ?? []).flat().find((c) => c.kind === 'button' && c.label === 'Next');
      if (forward === undefined) break;
      next = await press('brief', forward.customId, memberContext(store));
      pages.push(next);
    }
    const all = pages.map(replyText).join('\n');
    expect(all).toContain('The trend is still up, but the easy gains may be behind us');
    expect(all).toContain('What could move small caps next week');
    expect(onlyEmbed(pages.at(-1)!).footer).toContain('[42] www.reuters.com');
  });

  test('GIVEN the card THEN it is within 1,500 characters before its buttons', async () => {
    expect(visibleLength(await runCommand('brief', memberContext(store)))).toBeLessThanOrEqual(1500);
  });
});
