import { formatDataError } from '../facts/formatDataError';
import { formatDiff } from '../facts/formatDiff';
import type { SnapshotDiff } from '../facts/diffSnapshots';
import type { DataError } from '../facts/snapshot';
import type {
  Actor,
  AuditEntry,
  ChangeOutcome,
  ChangePlan,
  DataDirReload,
  DraftRefusal,
  DraftReview,
  SnapshotCounts,
  VersionChange,
  VersionSummary,
} from '../publishing/dataModeration';
import type { Reply, ReplyButton, ReplyEmbed, ReplyFile } from '../reply';
import { discordTimestamp } from './discordTimestamp';
import { escapeDataText, inlineCode } from './discordText';
import { listSummary } from './listSummary';
import { truncate } from './truncate';

/**
 * How data moderation reads to a data moderator: the review of a draft with
 * its buttons, the answers to publish, rollback and removal, history and
 * export. Pure: outcomes in, Replies out. The buttons' custom ids are made
 * and read here, so what a button says and what it does stay together.
 */

const RED = 0xed4245;
const GREEN = 0x57f287;
const YELLOW = 0xfee75c;
const BLURPLE = 0x5865f2;

/** Enough to start fixing, and one message whatever the count. */
const ERRORS_SHOWN = 10;
const UNRESOLVED_SHOWN = 8;
const CHANGES_SHOWN = 20;
/** An error or a change can quote a long value; three hundred characters name the file, the place and the problem. */
const LINE_LENGTH = 300;
const HASH_SHOWN = 12;

/** What a button on a data-moderation answer asks for. */
export type ModerationControl =
  | { readonly action: 'publish' | 'download' | 'discard'; readonly draftId: string }
  | { readonly action: 'rollback'; readonly asOf: string; readonly version: number; readonly expected: number | null }
  | { readonly action: 'remove'; readonly asOf: string; readonly expected: number }
  | { readonly action: 'cancel' };

/** `data:<action>:…`, at most 100 characters as Discord requires: ids and dates only. */
export function controlId(control: ModerationControl): string {
  switch (control.action) {
    case 'publish':
    case 'download':
    case 'discard':
      return `data:${control.action}:${control.draftId}`;
    case 'rollback':
      return `data:rollback:${control.asOf}:${control.version}:${control.expected ?? 'none'}`;
    case 'remove':
      return `data:remove:${control.asOf}:${control.expected}`;
    case 'cancel':
      return 'data:cancel';
  }
}

const DRAFT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const VERSION = /^[1-9]\d{0,8}$/;

/** The control a custom id names, or undefined for one this build never made (an old message, a forged id). */
export function parseControlId(customId: string): ModerationControl | undefined {
  const [owner, action, ...args] = customId.split(':');
  if (owner !== 'data') return undefined;
  if (action === 'cancel' && args.length === 0) return { action };
  if ((action === 'publish' || action === 'download' || action === 'discard') && args.length === 1 && DRAFT_ID.test(args[0]!)) {
    return { action, draftId: args[0]! };
  }
  if (action === 'rollback' && args.length === 3) {
    const [asOf, version, expected] = args as [string, string, string];
    if (DATE.test(asOf) && VERSION.test(version) && (expected === 'none' || VERSION.test(expected))) {
      return { action, asOf, version: Number(version), expected: expected === 'none' ? null : Number(expected) };
    }
  }
  if (action === 'remove' && args.length === 2) {
    const [asOf, expected] = args as [string, string];
    if (DATE.test(asOf) && VERSION.test(expected)) return { action, asOf, expected: Number(expected) };
  }
  return undefined;
}

function button(label: string, control: ModerationControl, style: ReplyButton['style']): ReplyButton {
  return { kind: 'button', customId: controlId(control), label, style };
}

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`;
}

function countsText(counts: SnapshotCounts): string {
  return `${plural(counts.figures, 'figure')} · ${plural(counts.sources, 'source')} · ${plural(counts.narrative, 'narrative entry', 'narrative entries')}`;
}

function hashText(hash: string): string {
  return inlineCode(hash.slice(0, HASH_SHOWN));
}

/** A user id as a mention (mentions are disabled on every message, so nobody is pinged); the operator's ways in as code. */
export function actorText(actor: Actor): string {
  return /^\d{17,20}$/.test(actor) ? `<@${actor}>` : inlineCode(actor);
}

function errorLines(errors: readonly DataError[]): string[] {
  return errors.map((e) => `• ${inlineCode(truncate(formatDataError(e), LINE_LENGTH))}`);
}

function changeLines(diff: SnapshotDiff, whereTheRestIs: string): string {
  const changes = formatDiff(diff);
  if (changes.length === 0) return 'No figure, source or narrative changed.';
  return listSummary(
    changes.map((c) => `• ${escapeDataText(truncate(c, LINE_LENGTH))}`),
    CHANGES_SHOWN,
    whereTheRestIs,
  ).join('\n');
}

/** Every error of a draft as a file, when the message can show only the first few. */
function problemsFile(review: DraftReview): ReplyFile {
  return {
    name: 'problems.txt',
    content: `${review.errors.map(formatDataError).join('\n')}\n`,
    description: `Every problem in the draft of ${review.asOf} (${review.errors.length})`,
  };
}

/** The review of an imported draft: what it holds, how it differs from what members see, what is wrong, and what to do next. */
export function draftReviewReply(review: DraftReview): Reply {
  const blocked = review.errors.length > 0;
  const status = blocked
    ? `${plural(review.errors.length, 'problem')}: it cannot be published`
    : review.unchanged
      ? 'identical to what is in service'
      : 'ready to publish';
  const compared =
    review.comparedWith === undefined
      ? 'nothing in service yet'
      : review.comparedWith.sameDate
        ? `${review.comparedWith.asOf} v${review.comparedWith.version}, in service for this date`
        : `${review.comparedWith.asOf} v${review.comparedWith.version}, the latest snapshot (nothing is in service for ${review.asOf})`;
  const embeds: ReplyEmbed[] = [
    {
      title: `Draft of ${review.asOf} from ${truncate(review.fileName, 120)}: ${status}`,
      color: blocked ? RED : review.unchanged ? YELLOW : BLURPLE,
      fields: [
        { name: 'As of', value: review.asOfReason === undefined ? review.asOf : `${review.asOf} (${review.asOfReason})`, inline: true },
        { name: 'Holds', value: countsText(review.counts), inline: true },
        { name: 'Compared with', value: compared, inline: true },
        { name: 'Content hash', value: hashText(review.contentHash), inline: true },
        { name: 'Draft expires', value: discordTimestamp(review.expiresAt, 'R'), inline: true },
      ],
      footer: `Only you can see this draft. Nothing changes for members until you press Publish.`,
    },
  ];
  if (blocked) {
    embeds.push({
      title: `Problems (${review.errors.length.toLocaleString('en-US')})`,
      description: listSummary(errorLines(review.errors), ERRORS_SHOWN, 'every one is in problems.txt').join('\n'),
      color: RED,
    });
  } else if (review.diff !== undefined) {
    embeds.push({
      title:
        review.comparedWith?.sameDate === true ? `Changes to ${review.asOf}` : `Changes against ${review.comparedWith?.asOf ?? 'nothing'}`,
      description: changeLines(review.diff, 'Download draft has the whole file'),
      color: BLURPLE,
    });
  }
  if (review.unresolved.length > 0) {
    embeds.push({
      title: `Numbers left unresolved (${review.unresolved.length.toLocaleString('en-US')}): a person decides`,
      description: listSummary(
        review.unresolved.map((u) => `• line ${u.line} ${inlineCode(truncate(u.number, 40))}: ${escapeDataText(truncate(u.reason, 200))}`),
        UNRESOLVED_SHOWN,
        'Download draft, add the ones that are figures, and import the figures.json',
      ).join('\n'),
      color: YELLOW,
    });
  }
  const buttons = [
    ...(blocked ? [] : [button('Publish', { action: 'publish', draftId: review.draftId }, 'primary')]),
    button('Download draft', { action: 'download', draftId: review.draftId }, 'secondary'),
    button('Discard', { action: 'discard', draftId: review.draftId }, 'danger'),
  ];
  return {
    ephemeral: true,
    embeds,
    components: [buttons],
    ...(review.errors.length > ERRORS_SHOWN && { files: [problemsFile(review)] }),
  };
}

/** Why a draft's button did nothing, in a sentence. */
export function draftRefusalReply(refusal: DraftRefusal): Reply {
  const text = (() => {
    switch (refusal.reason) {
      case 'missing':
        return 'This draft no longer exists (drafts are kept for a day after they expire). Import the file again with /data import.';
      case 'expired':
        return `This draft expired ${discordTimestamp(refusal.expiredAt, 'R')}: drafts last 24 hours. Import the file again with /data import.`;
      case 'published':
        return `This draft was already published as version ${refusal.version} by ${actorText(refusal.by)} ${discordTimestamp(refusal.at, 'R')}. /data history shows it.`;
      case 'discarded':
        return `This draft was discarded by ${actorText(refusal.by)} ${discordTimestamp(refusal.at, 'R')}. Import the file again to start over.`;
      case 'not-owner':
        return `This draft belongs to ${actorText(refusal.owner)}: only the moderator who imported it can publish, download or discard it.`;
      case 'invalid':
        return `This draft has ${plural(refusal.errors, 'problem')} and cannot be published. Download it, fix them, and import it again.`;
      case 'unchanged':
        return `This draft is identical to version ${refusal.version} of ${refusal.asOf}, which is in service: there is nothing to publish.`;
      case 'changed':
        return `${refusal.asOf} changed since you reviewed this draft (${refusal.version === undefined ? 'it is now out of service' : `version ${refusal.version} is in service now`}), so publishing it would replace what your review never showed. Nothing was changed: import the file again to review it against what is served now.`;
      case 'busy':
        return 'The state database is busy (another process holds it). Nothing was changed; press the button again in a few seconds.';
      case 'unreachable':
        return 'The state database cannot be reached right now; the bot is reconnecting. Nothing was changed; press the button again in a minute.';
    }
  })();
  return { ephemeral: true, content: text };
}

/** Who sees what now: the answer to a publish or a rollback. */
/** A committed change this process could not serve: said plainly, since "members see it now" would be false. */
function notServedWarning(notServed: string | undefined): string[] {
  if (notServed === undefined) return [];
  return [
    `⚠️ Stored, but not served yet: ${escapeDataText(truncate(notServed, LINE_LENGTH))}. Members still see the previous data; roll back the version that does not load, or ask the operator.`,
    '',
  ];
}

export function versionChangeReply(verb: 'Published' | 'Rolled back', change: VersionChange): Reply {
  const replaced = change.previousVersion === undefined ? 'the date was not in service before' : `replacing v${change.previousVersion}`;
  return {
    ephemeral: true,
    embeds: [
      {
        title: `${verb}: ${change.asOf} is now served as v${change.version}`,
        description: [...notServedWarning(change.notServed), changeLines(change.diff, '/data export has the whole snapshot')].join('\n'),
        fields: [
          { name: 'Version', value: `v${change.version}, ${replaced}`, inline: true },
          { name: 'Content hash', value: hashText(change.contentHash), inline: true },
        ],
        footer: `${change.notServed === undefined ? 'Members see it now, and the next recap carries it. ' : ''}Undo with /data rollback date:${change.asOf}.`,
        color: change.notServed === undefined ? GREEN : YELLOW,
      },
    ],
  };
}

export function filesReply(text: string, files: readonly { readonly name: string; readonly text: string }[]): Reply {
  return { ephemeral: true, content: text, files: files.map((f) => ({ name: f.name, content: f.text })) };
}

function versionLine(v: VersionSummary): string {
  const origin = v.origin === 'data-dir' ? 'from DATA_DIR' : 'imported';
  return `${v.inService ? '**▶ ' : ''}v${v.version}${v.inService ? ' (in service)**' : ''} · ${origin} by ${actorText(v.createdBy)} ${discordTimestamp(v.createdAt, 'f')} · ${hashText(v.contentHash)} · ${countsText(v.counts)}`;
}

function auditLine(a: AuditEntry): string {
  const what = `${a.action}${a.version === undefined ? '' : ` v${a.version}`}${a.outcome === 'refused' ? ' **refused**' : ''}`;
  const detail = a.detail === undefined ? '' : `: ${escapeDataText(truncate(a.detail, 160))}`;
  return `${discordTimestamp(a.at, 'f')} · ${what} by ${actorText(a.actor)}${detail}`;
}

export function historyReply(asOf: string, versions: readonly VersionSummary[], audit: readonly AuditEntry[]): Reply {
  const inService = versions.some((v) => v.inService);
  return {
    ephemeral: true,
    embeds: [
      {
        title: `History of ${asOf}: ${plural(versions.length, 'version')}${inService ? '' : ', none in service'}`,
        description: listSummary(versions.map(versionLine), 15, 'older versions are kept; /data rollback takes a version number').join(
          '\n',
        ),
        color: BLURPLE,
      },
      ...(audit.length > 0
        ? [{ title: 'Steps (newest first)', description: audit.map(auditLine).join('\n'), color: BLURPLE } satisfies ReplyEmbed]
        : []),
    ],
  };
}

function cancelButton(): ReplyButton {
  return button('Cancel', { action: 'cancel' }, 'secondary');
}

/** Asks before putting a kept version back: what is served now, and what would be. */
export function rollbackConfirmReply(plan: Extract<ChangePlan, { ok: true }>): Reply {
  const target = plan.target;
  if (target === undefined) return { ephemeral: true, content: `There is no kept version of ${plan.asOf} to roll back to.` };
  const now = plan.current === undefined ? 'nothing (the date is out of service)' : versionLine(plan.current);
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Roll ${plan.asOf} back to v${target.version}?`,
        fields: [
          { name: 'Served now', value: now },
          { name: 'Would be served', value: versionLine(target) },
        ],
        footer: 'Every server sees the change at once. It is recorded, and can itself be rolled back.',
        color: YELLOW,
      },
    ],
    components: [
      [
        button(
          `Roll back to v${target.version}`,
          { action: 'rollback', asOf: plan.asOf, version: target.version, expected: plan.current?.version ?? null },
          'danger',
        ),
        cancelButton(),
      ],
    ],
  };
}

/** Asks before taking a date out of service. */
export function removeConfirmReply(plan: Extract<ChangePlan, { ok: true }>): Reply {
  const current = plan.current;
  if (current === undefined) return { ephemeral: true, content: `${plan.asOf} is not in service; nothing to remove.` };
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Take ${plan.asOf} out of service?`,
        description: `${versionLine(current)}\n\nMembers will no longer be answered from it; it stays in /data history and /data rollback date:${plan.asOf} brings it back.`,
        color: YELLOW,
      },
    ],
    components: [
      [button(`Remove ${plan.asOf}`, { action: 'remove', asOf: plan.asOf, expected: current.version }, 'danger'), cancelButton()],
    ],
  };
}

export function changeOutcomeReply(outcome: ChangeOutcome): Reply {
  if (!outcome.ok) return { ephemeral: true, content: outcome.problem };
  if (outcome.action === 'rollback') return versionChangeReply('Rolled back', outcome);
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Removed: ${outcome.asOf} is out of service`,
        description: [
          ...notServedWarning(outcome.notServed),
          `v${outcome.version} is kept in history; /data rollback date:${outcome.asOf} brings it back.`,
        ].join('\n'),
        color: outcome.notServed === undefined ? GREEN : YELLOW,
      },
    ],
  };
}

/** The answer to `/data reload`: versions made from changed folders, then what members now see. */
export function reloadReply(outcome: DataDirReload, latestAsOf: string): Reply {
  if (!outcome.ok) {
    return {
      ephemeral: true,
      embeds: [
        {
          title: `Reload refused: ${plural(outcome.errors.length, 'problem')}; still serving the previous data`,
          description: listSummary(
            errorLines(outcome.errors),
            ERRORS_SHOWN,
            'the full list is in the log, and `npm run data:check` prints it',
          ).join('\n'),
          color: RED,
        },
      ],
    };
  }
  const imported = outcome.imported.map((v) => `• ${v.asOf} v${v.version} ${hashText(v.contentHash)} from DATA_DIR`);
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Reloaded: now serving data as of ${latestAsOf}`,
        description: [
          ...(imported.length > 0 ? ['**New versions from changed folders**', ...imported, ''] : []),
          changeLines(outcome.diff, 'the full list is in the log'),
        ].join('\n'),
        color: GREEN,
      },
    ],
  };
}
