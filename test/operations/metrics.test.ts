import { describe, expect, test } from 'vitest';
import { createMetrics, type ShardState } from '../../src/operations/metrics';
import { sampleValue as sample } from './sampleValue';

const NOW = new Date('2025-12-09T12:00:00Z');

function metricsWith(shards: ShardState[] = [], newest: Date | undefined = new Date('2025-12-07T00:00:00Z')) {
  return createMetrics({ commandNames: ['levels', 'data'], newestSnapshot: () => newest, shards: () => shards, clock: () => NOW });
}

describe('GIVEN the metrics of one process', () => {
  test('WHEN interactions are counted THEN each lands under its command and outcome, with a latency observation', async () => {
    const metrics = metricsWith();
    metrics.interaction('levels', 'answered', 0.04, false);
    metrics.interaction('levels', 'answered', 2.6, true);
    metrics.interaction('data', 'failed', 0.2, false);
    const text = await metrics.text();
    expect(sample(text, 'briefing_desk_interactions_total{command="levels",outcome="answered"}')).toBe(2);
    expect(sample(text, 'briefing_desk_interactions_total{command="data",outcome="failed"}')).toBe(1);
    expect(sample(text, 'briefing_desk_interactions_deferred_total{command="levels"}')).toBe(1);
    expect(sample(text, 'briefing_desk_interaction_duration_seconds_count{command="levels"}')).toBe(2);
    expect(sample(text, 'briefing_desk_interaction_duration_seconds_bucket{le="0.05",command="levels"}')).toBe(1);
    expect(sample(text, 'briefing_desk_interaction_duration_seconds_bucket{le="3",command="levels"}')).toBe(2);
  });

  test('WHEN a command name is not one of the bot\'s THEN it is counted as "unknown" and never appears as a label', async () => {
    const metrics = metricsWith();
    const hostile = 'levels"} 1\nbriefing_desk_pwned{x="';
    metrics.interaction(hostile, 'refused', 0.001, false);
    metrics.autocomplete('<img onerror=x7f3a>', 0.001);
    const text = await metrics.text();
    expect(sample(text, 'briefing_desk_interactions_total{command="unknown",outcome="refused"}')).toBe(1);
    expect(sample(text, 'briefing_desk_autocomplete_duration_seconds_count{command="unknown"}')).toBe(1);
    expect(text).not.toContain('pwned');
    expect(text).not.toContain('x7f3a');
  });

  test('GIVEN two separate metrics THEN they do not share counts (no global registry)', async () => {
    const first = metricsWith();
    first.interaction('levels', 'answered', 0.01, false);
    const second = await metricsWith().text();
    expect(sample(second, 'briefing_desk_interactions_total{command="levels",outcome="answered"}')).toBeUndefined();
  });

  test('WHEN recap runs and data changes are counted THEN every outcome is there from zero, and counts add up', async () => {
    const metrics = metricsWith();
    const before = await metrics.text();
    expect(sample(before, 'briefing_desk_recap_posts_total{outcome="failed"}')).toBe(0);
    expect(sample(before, 'briefing_desk_data_changes_total{action="reload",outcome="refused"}')).toBe(0);
    metrics.recapPosts('posted', 3);
    metrics.recapPosts('failed', 0);
    metrics.dataChange('publish', 'done');
    metrics.dataChange('reload', 'refused');
    const text = await metrics.text();
    expect(sample(text, 'briefing_desk_recap_posts_total{outcome="posted"}')).toBe(3);
    expect(sample(text, 'briefing_desk_recap_posts_total{outcome="failed"}')).toBe(0);
    expect(sample(text, 'briefing_desk_data_changes_total{action="publish",outcome="done"}')).toBe(1);
    expect(sample(text, 'briefing_desk_data_changes_total{action="reload",outcome="refused"}')).toBe(1);
  });

  test('WHEN REST responses are reported THEN 429s and answers to retried requests are counted apart', async () => {
    const metrics = metricsWith();
    metrics.restResponse(200, 0);
    metrics.restResponse(429, 0);
    metrics.restResponse(200, 1);
    metrics.rateLimitWait();
    const text = await metrics.text();
    expect(sample(text, 'briefing_desk_discord_rest_429_total')).toBe(1);
    expect(sample(text, 'briefing_desk_discord_rest_retries_total')).toBe(1);
    expect(sample(text, 'briefing_desk_discord_rate_limit_waits_total')).toBe(1);
  });

  test('GIVEN a snapshot as of 2025-12-07 and now 2025-12-09 12:00 UTC THEN its age is 2.5 days in seconds', async () => {
    expect(sample(await metricsWith().text(), 'briefing_desk_snapshot_age_seconds')).toBe(2.5 * 86_400);
  });

  test('GIVEN two shards, one resuming THEN each has its ready flag, and heartbeat seconds once it has one', async () => {
    const text = await metricsWith([
      { id: 0, ready: true, status: 'Ready', pingMs: 42 },
      { id: 1, ready: false, status: 'Resuming', pingMs: -1 },
    ]).text();
    expect(sample(text, 'briefing_desk_shard_ready{shard="0"}')).toBe(1);
    expect(sample(text, 'briefing_desk_shard_ready{shard="1"}')).toBe(0);
    expect(sample(text, 'briefing_desk_shard_heartbeat_seconds{shard="0"}')).toBe(0.042);
    expect(text).not.toContain('briefing_desk_shard_heartbeat_seconds{shard="1"}');
  });

  test("GIVEN the process THEN Node's default metrics are there under their usual names", async () => {
    const text = await metricsWith().text();
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});
