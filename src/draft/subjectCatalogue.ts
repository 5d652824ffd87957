import type { SubjectEntry } from '../facts/figuresSchema';
import { escapeRegExp } from '../facts/sourceFidelity';

/**
 * The subjects a draft can name: a built-in catalogue of major indices and
 * macro subjects, plus the subjects of the loaded data (their names and
 * aliases). Built-in phrases win over data aliases that say the same words,
 * so "small caps" reads as U.S. small caps, as the analyses mean it.
 */

interface CatalogueSubject {
  readonly entry: SubjectEntry;
  /** How articles write it; a phrase with a capital letter is matched with that case. */
  readonly phrases: readonly string[];
}

const BUILT_IN: readonly CatalogueSubject[] = [
  {
    entry: { id: 'sp-500', name: 'S&P 500', kind: 'index', aliases: ['spx', 's&p', 'sp500'] },
    phrases: ['S&P 500', 'S&P500', 'SPX', 'the S&P'],
  },
  {
    entry: { id: 'nasdaq-100', name: 'Nasdaq-100', kind: 'index', aliases: ['ndx', 'nasdaq 100'] },
    phrases: ['Nasdaq-100', 'Nasdaq 100', 'NDX'],
  },
  {
    entry: { id: 'nasdaq-composite', name: 'Nasdaq Composite', kind: 'index', aliases: ['comp', 'nasdaq', 'ixic'] },
    phrases: ['Nasdaq Composite', 'Nasdaq'],
  },
  {
    entry: { id: 'dow', name: 'Dow Jones Industrial Average', kind: 'index', aliases: ['djia', 'dow jones'] },
    phrases: ['Dow Jones Industrial Average', 'Dow Jones', 'Dow', 'DJIA'],
  },
  { entry: { id: 'russell-1000', name: 'Russell 1000', kind: 'index', aliases: ['rui'] }, phrases: ['Russell 1000'] },
  {
    entry: { id: 'russell-2000', name: 'Russell 2000', kind: 'index', aliases: ['rut', 'r2k', 'iwm'] },
    phrases: ['Russell 2000', 'iShares Russell 2000 ETF', 'IWM', 'RUT', 'R2K'],
  },
  {
    entry: { id: 'stoxx-600', name: 'STOXX Europe 600', kind: 'index', aliases: ['stoxx', 'sxxp', 'stoxx 600'] },
    phrases: ['STOXX Europe 600', 'STOXX 600', 'Stoxx 600', 'Stoxx Europe 600'],
  },
  { entry: { id: 'nikkei-225', name: 'Nikkei 225', kind: 'index', aliases: ['nikkei', 'n225'] }, phrases: ['Nikkei 225', 'Nikkei'] },
  {
    entry: { id: 'msci-acwi-ex-usa', name: 'MSCI ACWI ex-USA', kind: 'index', aliases: ['acwi', 'acwi ex-usa'] },
    phrases: ['MSCI ACWI ex-USA', 'MSCI ACWI ex-US', 'ACWI ex-USA'],
  },
  {
    entry: { id: 'fed', name: 'Federal Reserve', kind: 'policy', aliases: ['fomc', 'fed funds'] },
    phrases: ['Federal Reserve', 'the Fed', 'FOMC'],
  },
  { entry: { id: 'us-economy', name: 'U.S. economy', kind: 'economy', aliases: ['us economy'] }, phrases: ['U.S. economy', 'US economy'] },
  {
    entry: { id: 'us-small-caps', name: 'U.S. small caps', kind: 'market-segment', aliases: ['us small caps', 'small-cap stocks'] },
    phrases: ['U.S. small caps', 'US small caps', 'small caps', 'small-cap stocks', 'small-cap shares'],
  },
  {
    entry: { id: 'large-caps', name: 'U.S. large caps', kind: 'market-segment', aliases: ['large caps', 'mega caps', 'large-cap indices'] },
    phrases: ['U.S. large caps', 'large caps', 'mega caps', 'large-cap indices', 'large-cap stocks', 'mega-cap stocks'],
  },
];

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';

export interface Mention {
  readonly subject: string;
  readonly index: number;
  readonly end: number;
}

interface Phrase {
  readonly subject: string;
  readonly pattern: RegExp;
  readonly length: number;
  readonly builtIn: boolean;
}

/** Words of a name may be joined by spaces or hyphens, and a possessive may follow any of them ("MSCI's global equity gauge"). */
function phrasePattern(phrase: string, caseSensitive: boolean): RegExp {
  const words = phrase.split(/[\s-]+/).map(escapeRegExp);
  const body = words.join(String.raw`(?:'s)?[\s-]+`);
  return new RegExp(String.raw`(?<![\w&])${body}(?:'s)?(?![\w&])`, caseSensitive ? 'g' : 'gi');
}

function key(text: string): string {
  return text.toLowerCase().replace(/[\s\-_.]+/g, '');
}

export class SubjectCatalogue {
  private readonly phrases: Phrase[] = [];
  private readonly entries = new Map<string, SubjectEntry>();

  /** `known`: the subjects of the loaded data; their entries are kept as they are when a draft uses them. */
  constructor(known: readonly SubjectEntry[]) {
    const taken = new Map<string, string>();
    const add = (subject: string, text: string, builtIn: boolean, caseSensitive: boolean) => {
      const k = key(text);
      if (k === '' || (taken.has(k) && taken.get(k) !== subject)) return;
      taken.set(k, subject);
      this.phrases.push({ subject, pattern: phrasePattern(text, caseSensitive), length: text.length, builtIn });
    };
    for (const { entry, phrases } of BUILT_IN) {
      this.entries.set(entry.id, entry);
      for (const p of phrases) add(entry.id, p, true, /[A-Z]/.test(p) && p.length <= 4);
    }
    for (const s of known) {
      this.entries.set(s.id, s);
      for (const name of [s.name, ...s.aliases]) {
        // Short lower-case aliases are tickers ("rut", "es"): only their capitalised form is a mention.
        const ticker = !/\s/.test(name) && name.length <= 4;
        add(s.id, ticker ? name.toUpperCase() : name, false, ticker);
      }
    }
    this.phrases.sort((a, b) => b.length - a.length || Number(b.builtIn) - Number(a.builtIn));
  }

  /** Names containing digits, which the number scanner must not read as numbers. */
  digitNames(): string[] {
    const names = [...this.entries.values()].flatMap((e) => [e.name, ...e.aliases]);
    const builtIn = BUILT_IN.flatMap((b) => b.phrases);
    return [...new Set([...names, ...builtIn, 'Russell 3000', 'Russell Top 200', 'MSCI World Small Cap'])]
      .filter((n) => /\d/.test(n))
      .sort((a, b) => b.length - a.length);
  }

  /** Subject mentions in a text, longest phrase first, never overlapping. */
  mentions(text: string): Mention[] {
    const found: Mention[] = [];
    const overlaps = (start: number, end: number) => found.some((f) => start < f.end && end > f.index);
    for (const m of this.futuresMentions(text)) if (!overlaps(m.index, m.end)) found.push(m);
    for (const p of this.phrases) {
      for (const m of text.matchAll(p.pattern)) {
        const end = m.index + m[0].length;
        if (!overlaps(m.index, end)) found.push({ subject: p.subject, index: m.index, end });
      }
    }
    return found.sort((a, b) => a.index - b.index);
  }

  /** "Russell 2000 December 2025 futures": the futures on an index are a subject of their own. */
  private futuresMentions(text: string): Mention[] {
    if (!/futures/i.test(text)) return [];
    const out: Mention[] = [];
    for (const { entry, phrases } of BUILT_IN.filter((b) => b.entry.kind === 'index')) {
      for (const p of phrases) {
        const re = new RegExp(String.raw`(?<![\w&])${escapeRegExp(p)}\s+(?:((?:${MONTHS})\s+\d{4})\s+)?futures\b`, 'g');
        for (const m of text.matchAll(re)) {
          const id = `${entry.id}-futures`;
          if (!this.entries.has(id)) {
            const when = m[1] === undefined ? '' : ` (${m[1]})`;
            this.entries.set(id, { id, name: `${entry.name} futures${when}`, kind: 'futures', aliases: [] });
          }
          out.push({ subject: id, index: m.index, end: m.index + m[0].length });
        }
      }
    }
    return out;
  }

  entry(id: string): SubjectEntry | undefined {
    return this.entries.get(id);
  }
}

/** The subjects a draft lists: each one it uses, with no alias that another listed subject also answers to. */
export function subjectsFor(ids: Iterable<string>, catalogue: SubjectCatalogue): SubjectEntry[] {
  const entries = [...new Set(ids)].map((id) => catalogue.entry(id)).filter((e): e is SubjectEntry => e !== undefined);
  const owner = new Map<string, string>();
  for (const e of entries) {
    owner.set(key(e.id), e.id);
    owner.set(key(e.name), e.id);
  }
  return entries.map((e) => {
    const aliases = e.aliases.filter((a) => {
      const k = key(a);
      const other = owner.get(k);
      if (other !== undefined && other !== e.id) return false;
      owner.set(k, e.id);
      return true;
    });
    return { ...e, aliases };
  });
}
