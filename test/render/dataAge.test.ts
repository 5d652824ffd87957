import { describe, expect, test } from 'vitest';
import { COLOR_CURRENT, COLOR_STALE, dataAge, datingLine, freshnessColor, staleDataLine } from '../../src/render/dataAge';
import { commandMention } from '../../src/render/discordText';

const at = (day: string) => new Date(`${day}T09:00:00Z`);

describe('the data age, said one way', () => {
  test.each([
    ['2026-11-25', 'about 11 months'],
    ['2025-12-17', '10 days'],
    ['2026-02-06', '61 days'],
    ['2026-02-07', 'about 2 months'],
    ['2027-12-07', 'about 2 years'],
  ])('GIVEN data of 7 Dec 2025 read on %s THEN it is %s old', (day, age) => {
    expect(dataAge('2025-12-07', at(day))).toBe(age);
  });

  test('GIVEN data older than allowed THEN one line warns with the date and the age, nothing more', () => {
    expect(staleDataLine('2025-12-07', at('2026-11-25'), 7)).toBe("⚠️ Data of 7 Dec 2025, about 11 months old: not today's market.");
  });

  test('GIVEN data within the allowed age THEN there is no warning and the colour says current', () => {
    expect(staleDataLine('2025-12-07', at('2025-12-08'), 7)).toBeUndefined();
    expect(freshnessColor('2025-12-07', at('2025-12-08'), 7)).toBe(COLOR_CURRENT);
    expect(freshnessColor('2025-12-07', at('2026-11-25'), 7)).toBe(COLOR_STALE);
  });

  test('GIVEN data dated years ahead (a typo) THEN it is warned about, never taken as current', () => {
    expect(staleDataLine('2052-12-07', at('2025-12-08'), 7)).toMatch(/^⚠️ Data dated 7 Dec 2052, after today/);
    expect(freshnessColor('2052-12-07', at('2025-12-08'), 7)).toBe(COLOR_STALE);
  });
});

describe('the dating lines', () => {
  test('GIVEN data exactly as old as allowed THEN it is current; one day more THEN it warns', () => {
    expect(staleDataLine('2025-12-07', new Date('2025-12-14T23:00:00Z'), 7)).toBeUndefined();
    expect(staleDataLine('2025-12-07', new Date('2025-12-15T00:30:00Z'), 7)).toBe("⚠️ Data of 7 Dec 2025, 8 days old: not today's market.");
  });

  test('GIVEN a threshold of zero THEN the same day is current and one day old warns, the day singular', () => {
    expect(staleDataLine('2025-12-07', new Date('2025-12-07T23:00:00Z'), 0)).toBeUndefined();
    expect(staleDataLine('2025-12-07', new Date('2025-12-08T01:00:00Z'), 0)).toBe("⚠️ Data of 7 Dec 2025, 1 day old: not today's market.");
  });

  test('GIVEN current data THEN the text is dated "As of"; old data THEN only the warning, which carries the date', () => {
    expect(datingLine('2025-12-07', at('2025-12-08'), 7)).toBe('As of 7 Dec 2025');
    expect(datingLine('2025-12-07', at('2026-11-25'), 7)).toBe("⚠️ Data of 7 Dec 2025, about 11 months old: not today's market.");
  });
});

describe('command mentions', () => {
  const ids = new Map([['recaps', '1300000000000000012']]);

  test('GIVEN a synced command THEN it is a Discord mention, a subcommand with its name', () => {
    expect(commandMention(ids, 'recaps')).toBe('</recaps:1300000000000000012>');
    expect(commandMention(ids, 'recaps', 'status')).toBe('</recaps status:1300000000000000012>');
  });

  test('GIVEN no id (the console, or before the sync) THEN it is the plain /name', () => {
    expect(commandMention(undefined, 'recaps', 'status')).toBe('/recaps status');
    expect(commandMention(ids, 'levels')).toBe('/levels');
  });
});
