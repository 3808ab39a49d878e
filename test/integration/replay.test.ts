import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticEvents, toJsonl } from '../../bench/lib/synthetic-events.ts';
import { runReplay } from '../../shared/cli/commands/replay.ts';
import type { ReplaySummary } from '../../shared/replay/replay.ts';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  return { stream, text: () => text };
}

const dir = mkdtempSync(join(tmpdir(), 'vigie-replay-'));
const out = join(dir, 'out');
const err = sink();
const stdout = sink();
let summary: ReplaySummary;

// Three days of a medium brand (~20 mentions/h) with a four-hour storm on day 2, two posts measured hourly.
const events = syntheticEvents({
  seed: 7,
  start: '2026-03-02T00:00:00Z',
  hours: 72,
  mentionsPerHour: 20,
  storms: [{ startHour: 34, hours: 4, negativePerHour: 120 }],
  posts: 2,
});

beforeAll(async () => {
  const lines = toJsonl(events).split('\n');
  lines.splice(10, 0, '{"type":"mention","id":"broken","at":"yesterday","network":"instagram","text":"x"}');
  lines.splice(20, 0, 'not json');
  const input = join(dir, 'events.jsonl');
  writeFileSync(input, lines.join('\n'));
  summary = await runReplay(
    input,
    { out, client: 'clients/example.json', tail: 180 },
    { out: stdout.stream, err: err.stream },
  );
}, 120_000);

describe('vigie replay', () => {
  it('reports bad lines with their line number and reason, skips and counts them', () => {
    expect(summary.invalid).toBe(2);
    expect(summary.events).toBe(events.length);
    expect(err.text()).toContain('line 11: at: Invalid ISO datetime (skipped)');
    expect(err.text()).toMatch(/line 21: not valid JSON/);
    expect(stdout.text()).toMatch(/throughput: [\d,]+ events\/s/);
  });

  it('opens one incident for the storm and resolves it, with one email per alert', () => {
    const alerts = readFileSync(join(out, 'alerts.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const crisis = alerts.filter((alert) => alert.kind.startsWith('crisis.'));
    const kinds = crisis.map((alert) => alert.kind);
    expect(kinds[0]).toBe('crisis.opened');
    expect(kinds.at(-1)).toBe('crisis.resolved');
    expect(kinds.filter((kind) => kind === 'crisis.opened')).toHaveLength(1);
    expect(crisis.length).toBeLessThanOrEqual(4);
    expect(new Set(crisis.map((alert) => alert.incidentId)).size).toBe(1);
    // The storm starts at 10:00 UTC on 3 March: the incident opens within the storm's first hour.
    expect(Date.parse(crisis[0].at) - Date.parse('2026-03-03T10:00:00Z')).toBeLessThan(60 * 60_000);
    expect(readdirSync(join(out, 'mail')).filter((file) => file.endsWith('.eml'))).toHaveLength(
      alerts.length,
    );
    expect(summary.deadLetters).toBe(0);
  });

  it('emails the day of the storm once for crossing the daily negative-share worry line, evaluated on two nights', () => {
    const alerts = readFileSync(join(out, 'alerts.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const crossings = alerts.filter((alert) => alert.kind === 'kpi.threshold');
    expect(crossings).toEqual([
      expect.objectContaining({
        kpi: 'negativeShare',
        period: 'day',
        periodStart: '2026-03-03T00:00:00+01:00',
        network: 'all',
        crossed: 'above',
        worryLine: { above: 20 },
        at: '2026-03-03T23:00:00.000Z',
      }),
    ]);
    const kpis = JSON.parse(readFileSync(join(out, 'kpis.json'), 'utf8')) as Record<string, unknown>[];
    const stormDay = kpis.find(
      (row) => row.period === 'day' && row.start === '2026-03-03' && row.network === 'all',
    );
    expect(crossings[0].value).toBe(stormDay?.negativeShare);
  });

  it('writes KPI rollups that match the input', () => {
    const kpis = JSON.parse(readFileSync(join(out, 'kpis.json'), 'utf8')) as Record<
      string,
      number | string
    >[];
    const mentionsIn = events.filter((event) => event.type === 'mention').length;
    const monthAll = kpis.filter((row) => row.period === 'month' && row.network === 'all');
    expect(monthAll.reduce((sum, row) => sum + (row.mentions as number), 0)).toBe(mentionsIn);
    const negativeIn = events.filter(
      (event) => event.type === 'mention' && event.sentiment === 'negative',
    ).length;
    expect(monthAll.reduce((sum, row) => sum + (row.negativeMentions as number), 0)).toBe(negativeIn);
    expect(
      kpis.some((row) => row.period === 'day' && row.start === '2026-03-03' && row.network === 'all'),
    ).toBe(true);
  });

  it('writes each post’s lifetime counters from its latest snapshot', () => {
    const posts = JSON.parse(readFileSync(join(out, 'posts.json'), 'utf8')) as Record<string, unknown>[];
    expect(posts).toHaveLength(2);
    const last = events.filter((event) => event.type === 'metrics' && event.postId === 'post-0').at(-1)!;
    expect(posts.find((post) => post.postId === 'post-0')).toMatchObject({
      network: 'instagram',
      ...(last.type === 'metrics' ? last.counters : {}),
    });
  });
});

describe('vigie replay, first mention inside a 5-minute bucket', () => {
  it('counts the mentions of the first bucket in kpis.json', async () => {
    const small = mkdtempSync(join(tmpdir(), 'vigie-replay-first-'));
    const at = ['2026-03-02T10:02:30Z', '2026-03-02T10:03:00Z', '2026-03-02T10:41:00Z'];
    const lines = at.map((when, index) =>
      JSON.stringify({
        type: 'mention',
        id: `first-${index}`,
        at: when,
        network: 'instagram',
        text: 'Arnaque totale, remboursez-moi',
        sentiment: 'negative',
      }),
    );
    writeFileSync(join(small, 'events.jsonl'), `${lines.join('\n')}\n`);
    await runReplay(
      join(small, 'events.jsonl'),
      { out: join(small, 'out'), client: 'clients/example.json', tail: 10 },
      { out: sink().stream, err: sink().stream },
    );
    const kpis = JSON.parse(readFileSync(join(small, 'out', 'kpis.json'), 'utf8')) as Record<
      string,
      number | string
    >[];
    const month = kpis.find((row) => row.period === 'month' && row.network === 'all');
    expect(month?.mentions).toBe(3);
    expect(month?.negativeMentions).toBe(3);
  }, 60_000);
});
