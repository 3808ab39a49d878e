import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReport } from '../../../shared/cli/commands/report.ts';
import { loadClientConfig } from '../../../shared/config/client-config.ts';
import { domainEvent } from '../../../shared/events/catalog.ts';
import { wallClock } from '../../../shared/local/clock.ts';
import { createLocalStack, dataFolders } from '../../../shared/local/local-stack.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigie-report-'));

describe('vigie report', () => {
  it('writes the month’s report from a replay folder as one HTML file with its charts inline', async () => {
    const lines: string[] = [];
    const out = join(dir, 'march.html');
    const { file, report } = await runReport(
      {
        month: '2026-03',
        client: 'clients/example.json',
        fromReplay: 'test/fixtures/reports/replay-2026-03',
        data: '.vigie',
        out,
      },
      (line) => lines.push(line),
    );
    expect(file).toBe(out);
    expect(lines).toEqual([
      `wrote ${out}: 11 KPIs, 11 posts, 4 worry-line crossings (from test/fixtures/reports/replay-2026-03)`,
    ]);
    expect(report.topPosts.map((post) => post.postId)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html><html lang="fr">/);
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(4);
    expect(html).toContain('Rapport mensuel — mars 2026');
  });

  it('reads the local stack’s data folder when no replay folder is given', async () => {
    const data = join(dir, 'data');
    const config = loadClientConfig('clients/example.json');
    const stack = await createLocalStack({
      config,
      clock: wallClock,
      ...dataFolders(data),
      deliverImmediately: false,
    });
    await stack.bus.publish([
      domainEvent('metricsSnapshotReceived', {
        id: 's1',
        at: '2026-03-10T12:00:00Z',
        network: 'instagram',
        postId: 'reel-1',
        counters: { reach: 1000, likes: 40, comments: 10 },
      }),
      domainEvent('metricsSnapshotReceived', {
        id: 's2',
        at: '2026-03-11T12:00:00Z',
        network: 'instagram',
        postId: 'reel-1',
        counters: { reach: 1200, likes: 50, comments: 10 },
      }),
    ]);
    await stack.bus.drain();
    await stack.close();

    const { report } = await runReport(
      { month: '2026-03', client: 'clients/example.json', data, out: join(dir, 'local.html') },
      () => undefined,
    );
    expect(report.kpis.find((kpi) => kpi.kpi === 'reach')).toEqual({
      kpi: 'reach',
      value: 1200,
      previous: null,
      change: null,
      changePercent: null,
    });
    expect(report.daily[9]).toMatchObject({ date: '2026-03-10', reach: 1000, engagementRateByReach: 5 });
    expect(report.topPosts.map((post) => [post.postId, post.engagementRateByReach])).toEqual([['reel-1', 5]]);
  });
});
