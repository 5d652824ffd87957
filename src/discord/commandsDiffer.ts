/**
 * Whether the commands registered with Discord differ from ours. Discord echoes
 * a command back with ids, versions and defaults filled in, so both sides are
 * reduced to the fields we set before comparing; otherwise every start-up would
 * rewrite the commands and churn Discord's cache for every member.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const COMMAND_KEYS = ['name', 'description', 'type', 'options', 'default_member_permissions', 'contexts', 'integration_types', 'nsfw'];
const OPTION_KEYS = [
  'type',
  'name',
  'description',
  'required',
  'choices',
  'options',
  'autocomplete',
  'min_value',
  'max_value',
  'min_length',
  'max_length',
  'channel_types',
];
// Discord fills these in when a command leaves them out (guild install only, for integration_types).
const DEFAULTS: Record<string, Json> = { type: 1, required: false, autocomplete: false, nsfw: false, integration_types: [0] };

function pick(value: unknown, keys: readonly string[], isOption: boolean): Json {
  const source = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, Json> = {};
  for (const key of keys) {
    let v = source[key] as Json | undefined;
    if (key === 'type' && isOption) v ??= null;
    else if (v === undefined || v === null) v = DEFAULTS[key] ?? null;
    if (key === 'options' && Array.isArray(v)) v = v.map((o) => pick(o, OPTION_KEYS, true));
    if (key === 'choices' && Array.isArray(v)) v = v.map((c) => pick(c, ['name', 'value'], true));
    if (Array.isArray(v) && v.length === 0) v = null;
    if (key === 'channel_types' && Array.isArray(v)) v = [...v].sort();
    out[key] = v;
  }
  return out;
}

/** Code-unit order: any fixed order will do, and localeCompare would load ICU's collation data (about 3 MB) at every start. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function canonical(commands: readonly unknown[]): string {
  return JSON.stringify(
    commands
      .map((c) => pick(c, COMMAND_KEYS, false))
      .sort((a, b) => byCodeUnits(String((a as Record<string, Json>)['name']), String((b as Record<string, Json>)['name']))),
  );
}

/** True when `registered` (as Discord returns it) does not match `local` (as we would send it). */
export function commandsDiffer(local: readonly unknown[], registered: readonly unknown[]): boolean {
  return canonical(local) !== canonical(registered);
}
