import { DiscordAPIError } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../src/logger';
import { redactSecrets } from '../src/redactSecrets';

const TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA';

describe('GIVEN a Discord error that carries an interaction URL', () => {
  test('THEN the interaction and webhook tokens are masked and the ids kept', () => {
    expect(redactSecrets(`POST https://discord.com/api/v10/interactions/1234567890123456789/${TOKEN}/callback`)).toBe(
      'POST https://discord.com/api/v10/interactions/1234567890123456789/[redacted]/callback',
    );
    expect(redactSecrets(`/webhooks/1100000000000000001/${TOKEN}/messages/@original?wait=true`)).toBe(
      '/webhooks/1100000000000000001/[redacted]/messages/@original?wait=true',
    );
  });

  test('THEN the logger writes the error without the token', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { destination: { write: (line: string) => void lines.push(line) } });
    const error = new DiscordAPIError(
      { code: 10062, message: 'Unknown interaction' },
      10062,
      404,
      'POST',
      `https://discord.com/api/v10/interactions/1234567890123456789/${TOKEN}/callback`,
      { body: { type: 4 } },
    );
    logger.error({ err: error }, 'interaction failed');
    expect(lines.join('')).toContain('/interactions/1234567890123456789/[redacted]/callback');
    expect(lines.join('')).not.toContain(TOKEN);
  });
});
