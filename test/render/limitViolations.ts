import type { Reply } from '../../src/reply';

/**
 * Every way a message breaks one of Discord's limits, written out from
 * Discord's documentation rather than from `DISCORD_LIMITS`, so a wrong
 * constant cannot make its own test pass. Empty means the message is valid.
 */
export function limitViolations(message: Reply): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const filled = (text: string) => text.trim() !== '';
  check((message.content ?? '').length <= 2000, 'content over 2000');
  const embeds = message.embeds ?? [];
  check(embeds.length <= 10, `${embeds.length} embeds`);
  let total = 0;
  embeds.forEach((embed, e) => {
    check(embed.title.length <= 256, `embed ${e} title ${embed.title.length}`);
    check((embed.description ?? '').length <= 4096, `embed ${e} description ${embed.description?.length}`);
    check((embed.footer ?? '').length <= 2048, `embed ${e} footer ${embed.footer?.length}`);
    const fields = embed.fields ?? [];
    check(fields.length <= 25, `embed ${e} has ${fields.length} fields`);
    fields.forEach((field, f) => {
      check(filled(field.name) && field.name.length <= 256, `embed ${e} field ${f} name ${JSON.stringify(field.name.slice(0, 20))}`);
      check(filled(field.value) && field.value.length <= 1024, `embed ${e} field ${f} value length ${field.value.length}`);
    });
    total +=
      embed.title.length +
      (embed.description ?? '').length +
      (embed.footer ?? '').length +
      fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  });
  check(total <= 6000, `embeds total ${total}`);
  const rows = message.components ?? [];
  check(rows.length <= 5, `${rows.length} component rows`);
  rows.forEach((row, r) => {
    const selects = row.filter((c) => c.kind === 'select').length;
    check(selects === 0 ? row.length <= 5 : row.length === 1, `row ${r} holds ${row.length} components, ${selects} selects`);
    for (const component of row) {
      check(component.customId.length <= 100, `row ${r} custom id ${component.customId.length}`);
      if (component.kind === 'button') check(component.label.length <= 80, `row ${r} label ${component.label.length}`);
      else {
        check(component.placeholder.length <= 150, `row ${r} placeholder ${component.placeholder.length}`);
        check(component.options.length <= 25, `row ${r} has ${component.options.length} options`);
        for (const option of component.options) {
          check(option.label.length <= 80, `row ${r} option label ${option.label.length}`);
          check(option.value.length <= 100, `row ${r} option value ${option.value.length}`);
          check((option.description ?? '').length <= 100, `row ${r} option description ${option.description?.length}`);
        }
      }
    }
  });
  return problems;
}
