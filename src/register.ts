import { REST, Routes, type APIApplication } from 'discord.js';
import { allCommands } from '../commands/index';
import { loadConfig } from './config';
import { syncCommands } from './discord/syncCommands';

/**
 * `npm run register`: syncs the slash commands (to DISCORD_GUILD_ID when set,
 * else globally) and exits, for deploy pipelines that register before start-up.
 */
async function register(): Promise<void> {
  const parsed = loadConfig();
  if (!parsed.ok) {
    for (const problem of parsed.problems) process.stderr.write(`Configuration problem: ${problem}\n`);
    process.exit(1);
  }
  const { discordToken, discordApiUrl, discordGuildId } = parsed.config;
  if (discordToken === undefined) {
    process.stderr.write('DISCORD_TOKEN is not set: registering commands needs the bot token.\n');
    process.exit(1);
  }
  const rest = new REST(discordApiUrl !== undefined ? { api: discordApiUrl } : {}).setToken(discordToken);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const result = await syncCommands(
    rest,
    application.id,
    allCommands().map((c) => c.definition),
    discordGuildId,
  );
  process.stdout.write(`${result.changed ? 'Updated' : 'Already up to date:'} ${result.count} commands (${result.scope}).\n`);
}

register().catch((error: unknown) => {
  process.stderr.write(`Registering commands failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
