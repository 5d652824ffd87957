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

describe('GIVEN a PostgreSQL URL with a password', () => {
  test('THEN the password is masked, the user, host and database kept, and a URL without one is left alone', () => {
    expect(redactSecrets('STATE_URL postgres://bot:s3cr%40t@db.internal:5432/briefing_desk: cannot connect (ECONNREFUSED)')).toBe(
      'STATE_URL postgres://bot:[redacted]@db.internal:5432/briefing_desk: cannot connect (ECONNREFUSED)',
    );
    expect(redactSecrets('postgresql://bot:pw@127.0.0.1/x')).toBe('postgresql://bot:[redacted]@127.0.0.1/x');
    expect(redactSecrets('postgres://127.0.0.1:5432/briefing_desk')).toBe('postgres://127.0.0.1:5432/briefing_desk');
  });

  test('THEN the logger writes it without the password', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { destination: { write: (line: string) => void lines.push(line) } });
    logger.warn({ err: new Error('lost postgres://bot:hunter2@10.0.0.5:5432/bd') }, 'state connection lost');
    expect(lines.join('')).toContain('postgres://bot:[redacted]@10.0.0.5:5432/bd');
    expect(lines.join('')).not.toContain('hunter2');
  });
});
