import { escapeMarkdown } from '@discordjs/formatters';
import fc from 'fast-check';
import { describe, test, expect } from 'vitest';
import { fuzzOptions } from '../fuzz/fuzzOptions';
import { escapeDataText, escapeInlineText, httpsUrl, maskedLink } from '../../src/render/discordText';

describe('escapeDataText', () => {
  test('GIVEN a note that tries to bold, strike, spoil, quote, head or list itself THEN every mark is escaped', () => {
    expect(escapeDataText('**big** ~~gone~~ ||hidden|| _it_ `code`')).toBe(
      '\\*\\*big\\*\\* \\~\\~gone\\~\\~ \\|\\|hidden\\|\\| \\_it\\_ \\`code\\`',
    );
    expect(escapeDataText('# Heading\n- item\n1. first\n> quote\n-# small')).toBe(
      '\\# Heading\n\\- item\n1\\. first\n\\> quote\n\\-# small',
    );
  });

  test('GIVEN a masked link in data text THEN it is escaped and cannot link', () => {
    expect(escapeDataText('[click me](https://evil.example)')).toBe('\\[click me]\\(https://evil.example)');
  });

  test('GIVEN mentions, @everyone, @here and timestamp tags THEN they come out inert', () => {
    expect(escapeDataText('<@123> <@!123> <@&9> <#5> @everyone @here <t:1765108800:R> <:emo:1> </cmd:1>')).toBe(
      '\\<@123> \\<@!123> \\<@&9> \\<#5> @\u200beveryone @\u200bhere \\<t:1765108800:R> \\<:emo:1> \\</cmd:1>',
    );
  });

  test('GIVEN a bare http: URL THEN Discord cannot link it; a bare https: URL stays as written', () => {
    expect(escapeDataText('see http://evil.example and https://apnews.com/a_b')).toBe(
      'see http:\u200b//evil.example and https://apnews.com/a_b',
    );
  });

  test('GIVEN backslashes THEN they are escaped too, so they cannot undo an escape', () => {
    expect(escapeDataText('\\<@1> \\*')).toBe('\\\\\\<@1> \\\\\\*');
  });

  test('GIVEN a masked link written across the point where long text is escaped in pieces THEN it still cannot link', () => {
    const text = `${'w'.repeat(250)} [a b c d e f g h i j k](https://evil.example) ${'x'.repeat(300)}`;
    expect(escapeDataText(text)).not.toMatch(/(?<!\\)\]\(/);
  });

  test('GIVEN 100,000 characters of mark-up THEN escaping takes well under a second and keeps every character', () => {
    for (const text of ['a'.repeat(100_000), '*a_'.repeat(33_000), `https://x.example/${'_a*'.repeat(33_000)}`, '[('.repeat(50_000)]) {
      const started = performance.now();
      const escaped = escapeDataText(text);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(escaped.replace(/\\/g, '') === text.replace(/\\/g, '')).toBe(true);
    }
  });

  test('GIVEN words inside a line THEN list and heading marks are left alone, since they cannot start a line there', () => {
    expect(escapeInlineText('rose 0.4% - # 3 <@1> **x**')).toBe('rose 0.4% - # 3 \\<@1> \\*\\*x\\*\\*');
  });
});

describe('httpsUrl and maskedLink', () => {
  test('GIVEN URLs of other schemes or no URL at all THEN there is no link', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'http://example.com', 'example.com', '']) {
      expect(httpsUrl(url)).toBeUndefined();
      expect(maskedLink('text', url)).toBe('text');
    }
  });

  test('GIVEN an https URL with parentheses, spaces, angle brackets or backslashes THEN they are percent-encoded', () => {
    expect(httpsUrl('https://en.wikipedia.org/wiki/Russell_(index)')).toBe('https://en.wikipedia.org/wiki/Russell_%28index%29');
    expect(maskedLink('x', 'https://a.example/b) [y](https://evil.example')).toBe(
      '[x](https://a.example/b%29%20%5By%5D%28https://evil.example)',
    );
    expect(httpsUrl('https://a.example/<b>\\c')).toBe('https://a.example/%3Cb%3E%5Cc');
  });

  test('GIVEN a label holding a masked link THEN its brackets are escaped, escapes already there are kept', () => {
    expect(maskedLink('see [AP](https://evil.example) \\[n\\]', 'https://ok.example')).toBe(
      '[see \\[AP\\](https://evil.example) \\[n\\]](https://ok.example)',
    );
  });
});

describe('GIVEN text the escaper would leave alone THEN skipping it changes nothing', () => {
  // Characters none of the extra neutralising touches (no <, ], @, :, >, and no - before #), so the result must be the library's own.
  const text = fc
    .string({
      unit: fc.constantFrom('a', 'Z', '1', '9', '.', ',', ' ', '\n', '-', '*', '_', '#', '\\', '`', '~', '|', '[', '('),
      maxLength: 200,
    })
    .filter((t) => !t.includes('-#'));
  test('THEN escapeDataText equals escapeMarkdown with headings, lists and masked links on, full stops after digits and hyphens at line starts included', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(escapeDataText(t)).toBe(escapeMarkdown(t, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }));
      }),
      fuzzOptions(2000, 5000),
    );
  });
});
