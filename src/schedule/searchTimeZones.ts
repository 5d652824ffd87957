import { knownTimeZones } from './timeZoneName';

/** Where trading communities most often are; offered first and preferred on ties. */
const COMMON_TRADING_ZONES = [
  'America/New_York',
  'Europe/London',
  'Asia/Tokyo',
  'UTC',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Toronto',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Zurich',
  'Europe/Amsterdam',
  'Asia/Hong_Kong',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Asia/Seoul',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/Sao_Paulo',
  'Africa/Johannesburg',
] as const;

/** What people type for a zone when they do not know its IANA name. */
const EVERYDAY_NAMES: ReadonlyMap<string, string> = new Map([
  ...['et', 'est', 'edt', 'eastern', 'nyc'].map((word): [string, string] => [word, 'America/New_York']),
  ...['ct', 'cst', 'cdt', 'central'].map((word): [string, string] => [word, 'America/Chicago']),
  ...['mt', 'mst', 'mdt', 'mountain'].map((word): [string, string] => [word, 'America/Denver']),
  ...['pt', 'pst', 'pdt', 'pacific'].map((word): [string, string] => [word, 'America/Los_Angeles']),
  ...['gmt', 'bst', 'uk'].map((word): [string, string] => [word, 'Europe/London']),
  ...['cet', 'cest'].map((word): [string, string] => [word, 'Europe/Berlin']),
  ['jst', 'Asia/Tokyo'],
  ['hkt', 'Asia/Hong_Kong'],
  ['sgt', 'Asia/Singapore'],
  ['ist', 'Asia/Kolkata'],
  ...['aest', 'aedt'].map((word): [string, string] => [word, 'Australia/Sydney']),
]);

const NO_MATCH = Number.POSITIVE_INFINITY;

/** Lower rank is a better match; NO_MATCH leaves the zone out. */
function matchRank(zone: string, query: string): number {
  const name = zone.toLowerCase();
  const parts = name.split('/');
  const city = parts.at(-1) ?? name;
  const words = parts.flatMap((part) => part.split('_'));
  if (name === query) return 0;
  if (city === query || EVERYDAY_NAMES.get(query) === zone) return 1;
  if (name.startsWith(query) || city.startsWith(query)) return 2;
  if (parts.some((part) => part.startsWith(query)) || words.some((word) => word.startsWith(query))) return 3;
  if (name.includes(query)) return 4;
  if (name.replace(/[/_-]/g, '').includes(query.replace(/[/_-]/g, ''))) return 5;
  return NO_MATCH;
}

function commonness(zone: string): number {
  const index = (COMMON_TRADING_ZONES as readonly string[]).indexOf(zone);
  return index === -1 ? COMMON_TRADING_ZONES.length : index;
}

/**
 * Time zones for an autocomplete box, best match first. Spaces count as
 * underscores ("new york" finds America/New_York) and everyday names such as
 * "eastern" or "jst" find their zone. Empty text lists the zones trading
 * communities use most, then the rest alphabetically.
 */
export function searchTimeZones(text: string, limit = 25): string[] {
  const query = text.trim().toLowerCase().replace(/\s+/g, '_');
  return knownTimeZones()
    .map((zone) => ({ zone, rank: query === '' ? 0 : matchRank(zone, query) }))
    .filter(({ rank }) => rank !== NO_MATCH)
    .sort((a, b) => a.rank - b.rank || commonness(a.zone) - commonness(b.zone) || a.zone.localeCompare(b.zone))
    .slice(0, limit)
    .map(({ zone }) => zone);
}
