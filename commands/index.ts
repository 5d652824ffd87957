import type { Command } from '../src/command';
import { about } from './about';
import { data } from './data';
import { brief } from './brief';
import { earnings } from './earnings';
import { historyCommand } from './history';
import { levels } from './levels';
import { macro } from './macro';
import { outlook } from './outlook';
import { recap } from './recap';
import { recaps } from './recaps';
import { shortInterest } from './short-interest';
import { sources } from './sources';
import { technicals } from './technicals';
import { valuation } from './valuation';
import { world } from './world';

/** Every slash command, by name. Adding a command here is what registers it. */
export function allCommands(): Command[] {
  return [
    levels,
    shortInterest,
    valuation,
    earnings,
    macro,
    technicals,
    outlook,
    world,
    historyCommand,
    recap,
    brief,
    sources,
    about,
    recaps,
    data,
  ];
}

/** Indexes commands by name, refusing two with one name rather than silently keeping one. */
export function commandMap(commands: readonly Command[]): ReadonlyMap<string, Command> {
  const map = new Map<string, Command>();
  for (const command of commands) {
    if (map.has(command.definition.name)) throw new Error(`two commands are named /${command.definition.name}`);
    map.set(command.definition.name, command);
  }
  return map;
}
