import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Client, Events, GatewayIntentBits, Routes } from 'discord.js';

/**
 * The footprint bench's yardstick: the least a discord.js bot can be and still
 * answer /levels. It registers nothing, reads no data and opens no database;
 * every slash command gets the very body the real bot sent (read from the file
 * named in argv), posted as the interaction's callback, with the same files
 * (its chart) uploaded in the same multipart request.
 *
 * Usage: node plainBot.mjs <api url> <token> <body.json> [file…]; says "ready" on stderr once connected.
 */
const [apiUrl, token, bodyFile, ...filePaths] = process.argv.slice(2);
if (apiUrl === undefined || token === undefined || bodyFile === undefined) {
  throw new Error('usage: plainBot <api url> <token> <body.json> [file…]');
}
const body: unknown = JSON.parse(readFileSync(bodyFile, 'utf8'));
const files = filePaths.map((path) => ({ name: basename(path), data: readFileSync(path) }));

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
client.once(Events.ClientReady, () => process.stderr.write('ready\n'));
client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body, files, auth: false }).catch((error: unknown) => {
    process.stderr.write(`callback failed: ${String(error)}\n`);
  });
});
await client.login(token);
