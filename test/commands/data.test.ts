import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, onTestFinished, test } from 'vitest';
import type { Caller, CommandContext } from '../../src/command';
import { isDataModerator } from '../../src/dataModerators';
import type { FactStore } from '../../src/facts/factStore';
import { createLogger } from '../../src/logger';
import { fitReply } from '../../src/render/fitReply';
import type { Services } from '../../src/services';
import { MEMBER, memberContext, runCommand } from './fixtures/commandContext';
import { expectNoLeaks, expectProblem, field, onlyEmbed, replyText } from './fixtures/replyText';
import { openDataDesk, type OpenDesk } from './fixtures/dataDesk';
import { copyShippedData, dropCommaAfterAsOf, removeDataDir, setFigureValue, SNAPSHOT } from './fixtures/tempDataDir';

const DATA_MODERATOR: Caller = { ...MEMBER, userId: '100000000000000042' };
/** Manage Server in this guild, yet not a data moderator: a server's own moderators cannot change what every server sees. */
const SERVER_MODERATOR: Caller = { ...MEMBER, userId: '100000000000000043', permissions: 0xffffffffn };

let dataDir: string;
let opened: OpenDesk;
let store: FactStore;

beforeEach(async () => {
  dataDir = await copyShippedData();
  opened = await openDataDesk(dataDir);
  store = opened.store;
});

afterEach(async () => {
  await opened.close();
  await removeDataDir(dataDir);
});

/** The shell's services, for real: the moderator policy and the data desk on a state file of its own. */
function services(): Services {
  return {
    data: {
      ...opened.desk,
      isDataModerator: async (caller) => isDataModerator(caller, { userIds: [DATA_MODERATOR.userId], roleIds: [], ownerIds: [] }),
    },
  };
}

function contextFor(caller: Caller): CommandContext {
  return memberContext(store, { caller, services: services() });
}

describe('/data status', () => {
  test('GIVEN a data moderator THEN it privately shows 1 snapshot of 7 Dec 2025 with 50 figures and 42 sources', async () => {
    const reply = await runCommand('data', contextFor(DATA_MODERATOR), {}, 'status');
    expect(reply.ephemeral).toBe(true);
    expect(field(reply, 'Snapshots').value).toBe(`1 (${SNAPSHOT} → ${SNAPSHOT})`);
    expect(field(reply, 'Latest').value).toMatch(new RegExp(`^${SNAPSHOT}: 50 figures, 42 sources, \\d+ narrative entries$`));
    expect(field(reply, 'Last change').value).toBe('none since start-up');
    expectNoLeaks(reply);
  });

  test.each([
    ['an ordinary member', MEMBER],
    ["a server's own moderator", SERVER_MODERATOR],
  ])('GIVEN %s THEN /data is refused privately, pointing to the operator', async (_who, caller) => {
    for (const subcommand of ['status', 'reload']) {
      const reply = await runCommand('data', contextFor(caller), {}, subcommand);
      expectProblem(reply, 'Only data moderators can use /data', 'Ask the bot operator');
      expect(replyText(reply)).not.toContain('figures');
    }
  });
});

describe('/data reload', () => {
  test('GIVEN the Russell 2000 close edited in the files THEN the reply lists the change old → new and members see the new close', async () => {
    await setFigureValue(dataDir, 'rut-close-2025-12-05', 2530.12);
    const reply = await runCommand('data', contextFor(DATA_MODERATOR), {}, 'reload');
    const embed = onlyEmbed(reply);
    expect(reply.ephemeral).toBe(true);
    expect(embed.title).toBe(`Reloaded: now serving data as of ${SNAPSHOT}`);
    expect(embed.description).toMatch(
      new RegExp(
        `^\\*\\*New versions from changed folders\\*\\*\n• ${SNAPSHOT} v2 \`[0-9a-f]{12}\` from DATA_DIR\n\n• changed russell-2000 close: 2,521\\.48 → 2,530\\.12$`,
      ),
    );
    const levels = await runCommand('levels', memberContext(store));
    expect(replyText(levels)).toContain('**Russell 2000 2,530.12** ·');
  });

  test('GIVEN nothing changed in the files THEN the reply says so', async () => {
    const embed = onlyEmbed(await runCommand('data', contextFor(DATA_MODERATOR), {}, 'reload'));
    expect(embed.description).toBe('No figure, source or narrative changed.');
  });

  test('GIVEN a comma dropped from figures.json THEN the reply names the file, line and column, and members still get the old data', async () => {
    await setFigureValue(dataDir, 'rut-close-2025-12-05', 2530.12);
    const line = await dropCommaAfterAsOf(dataDir);
    const reply = await runCommand('data', contextFor(DATA_MODERATOR), {}, 'reload');
    const embed = onlyEmbed(reply);
    expect(reply.ephemeral).toBe(true);
    expect(embed.title).toBe('Reload refused: 1 problem; still serving the previous data');
    expect(embed.description).toMatch(new RegExp(`^• \`[^\`]*${SNAPSHOT}/figures\\.json line ${line}, column \\d+: [^\`]+\`$`));
    expectNoLeaks(reply);
    const levels = await runCommand('levels', memberContext(store));
    expect(replyText(levels)).toContain('**Russell 2000 2,521.48** ·');
    expect(replyText(levels)).not.toContain('2,530.12');
  });

  test('GIVEN a reload with thousands of errors THEN one message gives the count, the first 10 located errors and where the rest are; the log has them all', async () => {
    const logged: string[] = [];
    const logger = createLogger('warn', { pretty: false, destination: { write: (line: string) => void logged.push(line) } });
    const logging = await openDataDesk(dataDir, logger);
    onTestFinished(() => logging.close());
    const path = join(dataDir, SNAPSHOT, 'figures.json');
    const doc = JSON.parse(await readFile(path, 'utf8')) as { figures: { id: string; sources: number[] }[] };
    const model = doc.figures[0]!;
    doc.figures.push(...Array.from({ length: 3000 }, (_, i) => ({ ...model, id: `bad-${i}`, sources: [9999] })));
    await writeFile(path, JSON.stringify(doc));
    const ctx = memberContext(logging.store, {
      caller: DATA_MODERATOR,
      services: { data: { ...logging.desk, isDataModerator: async () => true } },
    });
    const messages = fitReply(await runCommand('data', ctx, {}, 'reload'));
    expect(messages).toHaveLength(1);
    const embed = onlyEmbed(messages[0]!);
    const count = Number(/^Reload refused: ([\d,]+) problems/.exec(embed.title)?.[1]?.replace(/,/g, ''));
    expect(count).toBeGreaterThanOrEqual(3000);
    const lines = embed.description!.split('\n');
    expect(lines).toHaveLength(11);
    lines
      .slice(0, 10)
      .forEach((l, i) => expect(l).toMatch(new RegExp(`^• \`[^\`]*/${SNAPSHOT}/figures\\.json figures\\[${50 + i}\\]\\.sources\\[0\\]: `)));
    expect(lines[10]).toBe(
      `…and ${(count - 10).toLocaleString('en-US')} more; the full list is in the log, and \`npm run data:check\` prints it.`,
    );
    const errors = logged.map((l) => JSON.parse(l) as { errors?: string[] }).find((entry) => entry.errors !== undefined)?.errors;
    expect(errors).toHaveLength(count);
  });

  test('GIVEN a refused reload THEN /data status reports it failed with 1 error', async () => {
    await dropCommaAfterAsOf(dataDir);
    await runCommand('data', contextFor(DATA_MODERATOR), {}, 'reload');
    const status = await runCommand('data', contextFor(DATA_MODERATOR), {}, 'status');
    expect(field(status, 'Last change').value).toMatch(/^failed with 1 error <t:\d+:R>$/);
  });
});
