import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { guarded } from '../../src/logger';

function recording() {
  const errors: { fields: Record<string, unknown>; message: string }[] = [];
  return { errors, error: (fields: Record<string, unknown>, message: string) => void errors.push({ fields, message }) };
}

describe('guarded event listeners', () => {
  test('GIVEN a listener that throws THEN the emitter and the next event carry on, and the failure is logged with a ref', () => {
    const log = recording();
    const emitter = new EventEmitter();
    const seen: string[] = [];
    emitter.on(
      'guildDelete',
      guarded(log, 'removed-from-server listener', (id: string) => {
        if (id === 'bad') throw new Error('database is locked');
        seen.push(id);
      }),
    );
    expect(() => emitter.emit('guildDelete', 'bad')).not.toThrow();
    emitter.emit('guildDelete', 'good');
    expect(seen).toEqual(['good']);
    expect(log.errors).toEqual([
      {
        fields: { err: new Error('database is locked'), ref: expect.stringMatching(/^[0-9A-F]{6}$/) },
        message: 'removed-from-server listener failed',
      },
    ]);
  });

  test('GIVEN an async listener that rejects THEN the rejection is logged with a ref instead of going unhandled', async () => {
    const log = recording();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      guarded(log, 'SIGHUP reload', async () => {
        await Promise.resolve();
        throw new Error('figures.json vanished');
      })();
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(log.errors).toMatchObject([{ fields: { err: new Error('figures.json vanished') }, message: 'SIGHUP reload failed' }]);
  });

  test('GIVEN the log itself throws (stderr closed) THEN the guard still swallows the failure', () => {
    const listener = guarded(
      {
        error: () => {
          throw new Error('EPIPE');
        },
      },
      'warning listener',
      () => {
        throw new Error('boom');
      },
    );
    expect(() => listener()).not.toThrow();
  });
});
