import type { ReplyButton, ReplyComponent, ReplySelect } from '../reply';
import { DISCORD_LIMITS as L } from './discordLimits';
import { truncate } from './truncate';

function fitButton(button: ReplyButton): ReplyButton {
  return { ...button, label: truncate(button.label, L.label), customId: button.customId.slice(0, L.customId) };
}

function fitSelect(select: ReplySelect): ReplySelect {
  return {
    ...select,
    customId: select.customId.slice(0, L.customId),
    placeholder: truncate(select.placeholder, L.placeholder),
    options: select.options.slice(0, L.selectOptions).map((option) => ({
      ...option,
      label: truncate(option.label, L.label),
      value: option.value.slice(0, L.optionValue),
      ...(option.description !== undefined && { description: truncate(option.description, L.optionDescription) }),
    })),
  };
}

/**
 * Rows of components within Discord's limits. A select menu takes a row of its
 * own and a row holds at most five buttons, so crowded rows are re-flowed in
 * order; rows beyond the fifth are dropped, as components cannot continue in
 * another message. Custom ids are cut without an ellipsis: they are routed by
 * their `<command>:<action>` prefix, not read.
 */
export function fitComponents(rows: readonly (readonly ReplyComponent[])[]): ReplyComponent[][] {
  const flowed: ReplyComponent[][] = [];
  for (const row of rows) {
    let buttons: ReplyButton[] = [];
    const flushButtons = (): void => {
      if (buttons.length > 0) flowed.push(buttons);
      buttons = [];
    };
    for (const component of row) {
      if (component.kind === 'select') {
        flushButtons();
        flowed.push([fitSelect(component)]);
      } else {
        if (buttons.length === L.buttonsPerRow) flushButtons();
        buttons.push(fitButton(component));
      }
    }
    flushButtons();
  }
  return flowed.slice(0, L.actionRows);
}
