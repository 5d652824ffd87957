/**
 * Current IANA names that Node's ICU data still lists under an older spelling
 * (Asia/Calcutta, Europe/Kiev, …). Offering them keeps autocomplete in step
 * with what moderators read elsewhere; Intl accepts both spellings.
 */
const CURRENT_NAMES_ICU_LISTS_AS_LINKS = [
  'Asia/Kolkata',
  'Europe/Kyiv',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'Asia/Yangon',
  'America/Nuuk',
  'Atlantic/Faroe',
  'Pacific/Kanton',
] as const;

/** A zone name is letters, digits, `_`, `+`, `-`, in `/`-separated parts; offsets like "+05:00" are not. */
const IANA_NAME_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

function acceptedByIntl(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

let known: readonly string[] | undefined;

/** Every zone name offered to moderators: the runtime's canonical list, UTC, and current spellings of renamed zones. */
export function knownTimeZones(): readonly string[] {
  known ??= [
    ...new Set([
      ...Intl.supportedValuesOf('timeZone'),
      'UTC',
      ...CURRENT_NAMES_ICU_LISTS_AS_LINKS.filter((name) => acceptedByIntl(name) !== undefined),
    ]),
  ].sort();
  return known;
}

let knownByLowerCase: ReadonlyMap<string, string> | undefined;

/**
 * The stored spelling of a time zone a moderator typed, or undefined when it
 * is not an IANA zone. Known names are matched in any case. Other names Intl
 * accepts, as long as they look like `Area/Location` (old links such as
 * US/Eastern), are stored under the name Intl resolves them to. Bare
 * abbreviations other than UTC are refused: "EST" is a fixed UTC−5 zone in
 * the database, which is not what someone who types it in July means.
 */
export function resolveTimeZone(input: string): string | undefined {
  const name = input.trim();
  knownByLowerCase ??= new Map(knownTimeZones().map((zone) => [zone.toLowerCase(), zone]));
  const knownSpelling = knownByLowerCase.get(name.toLowerCase());
  if (knownSpelling !== undefined) return knownSpelling;
  if (!IANA_NAME_SHAPE.test(name) || !name.includes('/')) return undefined;
  return acceptedByIntl(name);
}
