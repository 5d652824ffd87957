import type { Command, CommandContext } from '../command';
import { findFigures } from '../facts/findFigures';
import type { Topic } from '../facts/figuresSchema';
import type { MetricId } from '../facts/metrics';
import { narrativeEntries } from '../facts/narrativeEntries';
import type { Figure, Snapshot } from '../facts/snapshot';
import { formatPeriod } from '../render/formatPeriod';
import { formatValue } from '../render/formatValue';
import type { Reply } from '../reply';
import { citedBy, compactLines, detailLines, hasDetails, isNumeric, spread, subjectName } from './figureLines';
import { answerComponent, answerReply, cachedView, headlineLine, type AnswerView } from './memberAnswer';
import { mostRecentFigure } from './mostRecentFigure';
import { pickSubject, type Answerable } from './pickSubject';

/** A metric the headline leads with, and the words that follow its value ("about 62.7% earnings growth"). */
export interface HeadlineMetric {
  readonly metric: MetricId;
  readonly words: string;
  /** Three or more estimates of it are summed up as one spread rather than listed. */
  readonly summary?: boolean;
  /** Its words do not say whose figure it is, so the index is named before it ("MSCI ACWI ex-USA close to 30% year to date"). */
  readonly named?: boolean;
}

export interface TopicBriefingRequest {
  /** The command's name, which owns the answer's buttons. */
  readonly command: string;
  readonly topic: Topic;
  /** How the topic is named to members after an index's name: "short interest". */
  readonly label: string;
  /** The title when no index is asked for; it names what the answer is about. */
  readonly title: string;
  /** What the headline starts with when no one index is asked for: "Short interest". */
  readonly lead: string;
  /** What the headline leads with, in order. */
  readonly headline: readonly HeadlineMetric[];
  /** The commentary entry (narrative.md `# commentary`) that explains the figures, behind Read more. */
  readonly commentaryKey: string;
}

/**
 * A topic's figures, each answering for the index it is about and for the one
 * it is measured against: asked about the Russell Top 200, /valuation shows
 * the Russell 2000's discount to it.
 */
export function topicAnswerable(snapshot: Snapshot, topic: Topic): Answerable {
  return { figures: findFigures(snapshot, { topic }), concerns: (f, id) => f.subject === id || f.comparedTo === id };
}

interface Headline {
  readonly lead: string;
  readonly parts: readonly string[];
  readonly figures: readonly Figure[];
  /** Figures said only as a family's spread: still listed below it, each with what it is measured against. */
  readonly summed: readonly Figure[];
  readonly date: string;
}

/** The latest day a headline's figures describe, when they all describe one day; else the data's as-of date. */
function headlineDate(snapshot: Snapshot, figures: readonly Figure[]): string {
  const days = new Set(figures.map((f) => f.period.end));
  const [only] = days;
  return days.size === 1 && only !== undefined && only <= snapshot.asOf && figures.every((f) => f.period.start === f.period.end)
    ? only
    : snapshot.asOf;
}

/** One metric's words in a headline, and the figures they say. */
interface Group {
  readonly texts: string[];
  readonly figures: readonly Figure[];
  /** The first metric, across several indices: its period goes with the lead. */
  readonly led: boolean;
}

/**
 * The line a member reads first. One index: its name, then each headline
 * value with its words. Several indices: the lead, then each index's value
 * side by side. A family of estimates marked `summary` is said once, as its
 * spread ("valuation discount 20–30% across 4 estimates"), the one line to
 * quote. A value describing another period than the headline's date says its
 * own ("2.8% core PCE year on year (Sep 2025)"), once when all share one.
 */
function topicHeadline(snapshot: Snapshot, request: TopicBriefingRequest, figures: readonly Figure[], only?: string): Headline {
  const groups: Group[] = [];
  const summed: Figure[] = [];
  let lead = only !== undefined ? subjectName(snapshot, only) : request.lead;
  request.headline.forEach(({ metric, words, summary, named }, i) => {
    // Asked about one index, the headline is its own figures: a discount measured against it is someone else's.
    const ofMetric = figures.filter(
      (f) => f.metric === metric && f.segment === undefined && f.conflictGroup === undefined && (only === undefined || f.subject === only),
    );
    const numeric = ofMetric.filter(isNumeric);
    if (summary === true && numeric.length >= 3) {
      const text = `${words} ${spread(numeric)} across ${numeric.length} estimates`;
      if (i === 0 && only === undefined) lead = `${lead}: ${text}`;
      else groups.push({ texts: [text], figures: [], led: false });
      summed.push(...numeric);
      return;
    }
    const subjects = [...new Set(ofMetric.map((f) => f.subject))];
    const latest = subjects
      .map((id) => mostRecentFigure(ofMetric.filter((f) => f.subject === id)))
      .filter((f): f is Figure => f !== undefined);
    if (latest.length === 0) return;
    if (i === 0 && only === undefined && latest.length > 1) {
      groups.push({ texts: latest.map((f) => `${subjectName(snapshot, f.subject)} ${formatValue(f)}`), figures: latest, led: true });
      return;
    }
    for (const f of latest) {
      const who = named === true && only === undefined ? `${subjectName(snapshot, f.subject)} ` : '';
      groups.push({
        texts: [isNumeric(f) ? `${who}${formatValue(f)} ${words}` : `${who}${words}: ${formatValue(f)}`],
        figures: [f],
        led: false,
      });
    }
  });
  const said = groups.flatMap((g) => g.figures);
  const date = headlineDate(snapshot, said);
  const periodOf = (group: Group): string | undefined => {
    const periods = [
      ...new Set(group.figures.filter((f) => !(f.period.start === date && f.period.end === date)).map((f) => formatPeriod(f.period))),
    ];
    return periods.length > 0 ? periods.join(', ') : undefined;
  };
  const periods = new Set(groups.map(periodOf));
  const parts: string[] = [];
  if (periods.size === 1 && groups.length > 1 && [...periods][0] !== undefined) {
    parts.push([...periods][0]!, ...groups.flatMap((g) => g.texts));
  } else {
    for (const group of groups) {
      const period = periodOf(group);
      if (group.led && period !== undefined) lead = `${lead}, ${period}`;
      if (group.led || period === undefined) parts.push(...group.texts);
      else parts.push(...group.texts.slice(0, -1), `${group.texts.at(-1)} (${period})`);
    }
  }
  return { lead, parts, figures: [...summed, ...said], summed, date };
}

/**
 * A topic's answer (all of it, or the figures about one index and those
 * measured against it): headline, compact figures, the commentary behind
 * Read more. Kept per snapshot and subject id.
 */
function topicView(snapshot: Snapshot, request: TopicBriefingRequest, subjectId: string | undefined): AnswerView {
  return cachedView(snapshot, request.command, subjectId ?? '*', () => {
    const answerable = topicAnswerable(snapshot, request.topic);
    const figures = subjectId === undefined ? answerable.figures : answerable.figures.filter((f) => answerable.concerns(f, subjectId));
    const subjects = new Set(figures.map((f) => f.subject));
    // One index throughout (asked for, or the only one the topic has): the title names it and the lines need not.
    const only = subjectId ?? (subjects.size === 1 ? [...subjects][0] : undefined);
    const headline = topicHeadline(snapshot, request, figures, only);
    const rest = figures.filter((f) => !headline.figures.includes(f) || headline.summed.includes(f));
    const commentary = subjectId === undefined ? narrativeEntries(snapshot, 'commentary', request.commentaryKey) : [];
    return {
      title: only !== undefined ? `${subjectName(snapshot, only)}: ${request.label}` : request.title,
      headline: headlineLine(
        headline.lead,
        headline.parts,
        headline.date,
        headline.figures.filter((f) => !headline.summed.includes(f)).flatMap((f) => f.sources),
      ),
      body: compactLines(snapshot, rest, only),
      sources: [...new Set([...citedBy(snapshot, figures), ...commentary.flatMap((e) => e.sources)])],
      ...(hasDetails(figures) && { details: { lines: detailLines(snapshot, figures), sources: citedBy(snapshot, figures) } }),
      ...(commentary.length > 0 && {
        more: { narrative: commentary.map((e) => e.markdown), sources: commentary.flatMap((e) => e.sources) },
      }),
    };
  });
}

/** The answer to a topic command, for every index or the one typed. */
export function topicBriefing(request: TopicBriefingRequest, ctx: CommandContext, index?: string): Reply {
  const snapshot = ctx.store.latest();
  let subjectId: string | undefined;
  if (index !== undefined) {
    const label = `${request.label.charAt(0).toUpperCase()}${request.label.slice(1)}`;
    const subject = pickSubject(snapshot, index, topicAnswerable(snapshot, request.topic), label);
    if (!subject.ok) return subject.reply;
    subjectId = subject.value.id;
  }
  return answerReply(request.command, snapshot, subjectId ?? '*', topicView(snapshot, request, subjectId), ctx);
}

/** The Details and Read more buttons of a topic command's answers. */
export function topicComponent(request: TopicBriefingRequest): NonNullable<Command['component']> {
  return answerComponent(request.command, (snapshot, arg) => {
    if (arg === '*') return topicView(snapshot, request, undefined);
    const answerable = topicAnswerable(snapshot, request.topic);
    return answerable.figures.some((f) => answerable.concerns(f, arg)) ? topicView(snapshot, request, arg) : undefined;
  });
}
