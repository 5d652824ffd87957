import { describe, expect, test } from 'vitest';
import { loadRestProxyConfig } from '../../src/config';

const TOKEN = 'x'.repeat(70);

describe('GIVEN the REST proxy’s environment', () => {
  test('GIVEN only the token THEN it forwards to Discord from 127.0.0.1:8080', () => {
    expect(loadRestProxyConfig({ DISCORD_TOKEN: TOKEN })).toEqual({
      ok: true,
      config: {
        discordToken: TOKEN,
        upstreamUrl: 'https://discord.com/api',
        host: '127.0.0.1',
        port: 8080,
        shutdownTimeoutMs: 10_000,
        logLevel: 'info',
      },
    });
  });

  test('GIVEN every setting THEN each is read, the upstream without its trailing slash', () => {
    const result = loadRestProxyConfig({
      DISCORD_TOKEN: TOKEN,
      REST_PROXY_UPSTREAM_URL: 'http://127.0.0.1:9000/api/',
      REST_PROXY_HOST: '10.0.0.5',
      REST_PROXY_PORT: '0',
      SHUTDOWN_TIMEOUT_MS: '3000',
      LOG_LEVEL: 'debug',
    });
    expect(result.ok && result.config).toEqual({
      discordToken: TOKEN,
      upstreamUrl: 'http://127.0.0.1:9000/api',
      host: '10.0.0.5',
      port: 0,
      shutdownTimeoutMs: 3000,
      logLevel: 'debug',
    });
  });

  test('GIVEN bad values THEN each is refused in one line naming its variable, and the token is not echoed', () => {
    const result = loadRestProxyConfig({
      DISCORD_TOKEN: `${TOKEN} `,
      REST_PROXY_UPSTREAM_URL: 'discord.com/api',
      REST_PROXY_HOST: 'http://10.0.0.5',
      REST_PROXY_PORT: '70000',
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'DISCORD_TOKEN: expected only letters, digits, dots, dashes and underscores (check for a stray space, quote or line ending)',
        'REST_PROXY_UPSTREAM_URL: expected an http(s) URL such as https://discord.com/api',
        'REST_PROXY_HOST: expected a host name or IP address such as 127.0.0.1 (no scheme, port or path)',
        'REST_PROXY_PORT: expected a port from 0 to 65535',
      ],
    });
  });

  test('GIVEN no token THEN it refuses to start: it forwards only one bot’s requests', () => {
    expect(loadRestProxyConfig({ DISCORD_TOKEN: '' })).toEqual({
      ok: false,
      problems: ['DISCORD_TOKEN: the REST proxy needs the bot token: it forwards only that bot’s requests'],
    });
  });
});
