import { readFileSync } from 'node:fs';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  buildMonthlyReport,
  hasData,
  type ReportPost,
} from '../../../../shared/domain/metrics/monthly-report.ts';
import { renderMonthlyReport } from '../../../../shared/domain/metrics/report-html.ts';
import type { KpiRow, WorryLine } from '../../../../shared/domain/metrics/worry-lines.ts';

const FIXTURE = 'test/fixtures/reports/replay-2026-03';
const rollups = JSON.parse(readFileSync(`${FIXTURE}/kpis.json`, 'utf8')) as KpiRow[];
const posts = JSON.parse(readFileSync(`${FIXTURE}/posts.json`, 'utf8')) as ReportPost[];
const alerts = readFileSync(`${FIXTURE}/alerts.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { kind: string; at: string });
const worryLines: WorryLine[] = [
  { kpi: 'engagementRateByReach', period: 'week', network: 'all', below: 1.5 },
  { kpi: 'negativeShare', period: 'day', network: 'all', above: 20 },
  { kpi: 'followers', period: 'month', network: 'all', below: 6000 },
  { kpi: 'responseTimeP90Minutes', period: 'day', network: 'instagram', above: 240 },
];

const report = buildMonthlyReport({
  month: '2026-03',
  brand: 'Maison Exemple',
  language: 'fr',
  timeZone: 'Europe/Paris',
  rollups,
  posts,
  worryLines,
  alerts,
});

/** Checks a PNG the way a decoder would: signature, chunk CRCs, IHDR, and that IDAT inflates to the image size. */
function decodePng(png: Uint8Array): { width: number; height: number; chunks: string[] } {
  const bytes = Buffer.from(png);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.subarray(offset + 4, offset + 8).toString('ascii');
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    expect(bytes.readUInt32BE(offset + 8 + length)).toBe(
      crc32(bytes.subarray(offset + 4, offset + 8 + length)) >>> 0,
    );
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter method, no interlace
    }
    if (type === 'IDAT') idat.push(data);
    chunks.push(type);
    offset += 12 + length;
  }
  expect(chunks[0]).toBe('IHDR');
  expect(chunks.at(-1)).toBe('IEND');
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 3 + 1) * height);
  for (let row = 0; row < height; row++) expect(raw[row * (width * 3 + 1)]).toBe(0);
  return { width, height, chunks };
}

describe('monthly report (hand-computed fixture: March 2026 against February)', () => {
  it('compares the month’s KPIs with the previous month (points for rates, % for counts)', () => {
    expect(report.previousMonth).toBe('2026-02');
    expect(
      report.kpis.map(({ kpi, value, previous, change, changePercent }) => [
        kpi,
        value,
        previous,
        change,
        changePercent,
      ]),
    ).toEqual([
      ['impressions', 12000, 10000, 2000, 20],
      ['reach', 10000, 8000, 2000, 25],
      ['engagements', 350, 240, 110, 45.83],
      ['engagementRateByReach', 3.5, 3, 0.5, null],
      ['followers', 5200, 5000, 200, 4],
      ['clicks', 120, 80, 40, 50],
      ['clickThroughRate', 1, 0.8, 0.2, null],
      ['postsPublished', 12, 10, 2, 20],
      ['mentions', 200, 100, 100, 100],
      ['negativeShare', 25, 10, 15, null],
      ['netSentiment', 0, 20, -20, null],
    ]);
  });

  it('reviews each worry line over the month’s periods, per-pillar rows and other months left out', () => {
    expect(
      report.worryLines.map((review) => [
        review.line.kpi,
        review.periods,
        review.crossings.map((crossing) => [crossing.start, crossing.value, crossing.crossed]),
      ]),
    ).toEqual([
      [
        'engagementRateByReach',
        5,
        [
          ['2026-03-02', 1.2, 'below'],
          ['2026-03-23', 1.49, 'below'],
        ],
      ],
      [
        'negativeShare',
        3,
        [
          ['2026-03-02', 25, 'above'],
          ['2026-03-10', 75, 'above'],
        ],
      ],
      ['followers', 1, [['2026-03-01', 5200, 'below']]],
      ['responseTimeP90Minutes', 0, []],
    ]);
    expect(report.alerts).toEqual({ 'crisis.opened': 1, 'kpi.threshold': 2 });
  });

  it('has every day of the month, the sentiment mix and the networks by reach', () => {
    expect(report.daily).toHaveLength(31);
    expect(report.daily[1]).toEqual({
      date: '2026-03-02',
      reach: 500,
      engagementRateByReach: 4,
      negativeMentions: 5,
      neutralMentions: 10,
      positiveMentions: 5,
    });
    expect(report.daily[0]).toMatchObject({ date: '2026-03-01', reach: null, engagementRateByReach: null });
    expect(report.daily.filter((day) => day.reach !== null).map((day) => day.date)).toEqual([
      '2026-03-02',
      '2026-03-10',
      '2026-03-31',
    ]);
    expect(report.sentiment).toEqual({
      mentions: 200,
      negative: 50,
      neutral: 100,
      positive: 50,
      negativeShare: 25,
      neutralShare: 50,
      positiveShare: 25,
      netSentiment: 0,
    });
    expect(
      report.networks.map((n) => [
        n.network,
        n.reach,
        n.engagementRateByReach,
        n.previousEngagementRateByReach,
      ]),
    ).toEqual([
      ['instagram', 7000, 4, 3.2],
      ['facebook', 3000, 2.33, null],
    ]);
  });

  it('ranks the month’s posts with enough reach, says what the top 5 share and names 3 to rework', () => {
    // 11 posts in March (p11 by its last measurement); median reach 1,000 → at least 500 to be ranked (p10 is not).
    expect(report.postsOfMonth).toBe(11);
    expect(report.minimumReach).toBe(500);
    expect(
      report.topPosts.map((post) => [post.postId, post.engagementRateByReach, post.engagements, post.hour]),
    ).toEqual([
      ['p1', 10, 200, 18],
      ['p2', 8, 80, 18],
      ['p3', 6, 90, 18],
      ['p4', 5, 50, 12],
      ['p5', 5, 40, 9],
    ]);
    expect(report.topPostsShare).toEqual({
      format: { value: 'reel', count: 3 },
      pillar: { value: 'coulisses', count: 3 },
      hour: { value: '18', count: 3 },
    });
    expect(report.postsToRework.map((post) => [post.postId, post.engagementRateByReach])).toEqual([
      ['p9', 1],
      ['p8', 2],
      ['p11', 2],
    ]);
  });

  it('finds the best hours from the engagement by hour of the week, averaged over the month’s occurrences', () => {
    // Saturday 10h: 50 over 4 Saturdays; Monday 18h: (40 + 20) over 5 Mondays; Tuesday 12h: 30 over 5.
    expect(report.bestHours.source).toBe('hourly-engagement');
    expect(report.bestHours.hours).toEqual([
      { weekday: 5, hour: 10, score: 12.5 },
      { weekday: 0, hour: 18, score: 12 },
      { weekday: 1, hour: 12, score: 6 },
    ]);
  });

  it('without hourly rollups, ranks the local hours of the week by the engagement rate of the posts published then', () => {
    const withoutHours = buildMonthlyReport({
      month: '2026-03',
      brand: 'Maison Exemple',
      language: 'fr',
      timeZone: 'Europe/Paris',
      rollups: rollups.filter((row) => row.period !== 'hour'),
      posts,
      worryLines,
    });
    // Monday 18h: p1 (10 %) and p3 (6 %); Thursday 18h: p2 (8 %); Thursday 12h: p4 (5 %) before Sunday 9h: p5 (5 %).
    // p10 (Monday 30 March, 18h local in summer time, 25 %) has too little reach to count.
    expect(withoutHours.bestHours).toMatchObject({
      source: 'posts',
      hours: [
        { weekday: 0, hour: 18, score: 8 },
        { weekday: 3, hour: 18, score: 8 },
        { weekday: 3, hour: 12, score: 5 },
      ],
    });
  });

  it('renders the email with four valid inline PNG charts, and the file with data: URIs', () => {
    const email = renderMonthlyReport(report, 'cid');
    expect(email.subject).toBe('[Vigie] Rapport mensuel de Maison Exemple : mars 2026');
    expect(email.images.map((image) => image.contentId)).toEqual([
      'report-reach-engagement',
      'report-sentiment',
      'report-networks',
      'report-hours',
    ]);
    for (const image of email.images) {
      expect(email.html).toContain(`src="cid:${image.contentId}"`);
      const { width, height } = decodePng(image.png);
      expect(width).toBe(600);
      expect(height).toBeGreaterThanOrEqual(200);
    }
    expect(email.text).toContain('- Portée : 10\u202f000 (février 2026 : 8\u202f000, +25\u202f%)');
    expect(email.text).toContain(
      '- Taux d’engagement (portée) : 3,5\u202f% (février 2026 : 3\u202f%, +0,5 pt)',
    );
    expect(email.text).toContain(
      'Taux d’engagement (portée) par semaine (tous réseaux), sous 1,5\u202f% : franchie 2 fois sur 5 semaine(s)',
    );
    expect(email.text).toContain(
      'Alertes envoyées ce mois-ci : 1 crise(s) ouverte(s), 2 ligne(s) d’alerte franchie(s)',
    );
    expect(email.text).toContain(
      '3 sur 5 au format reel ; 3 sur 5 du pilier « coulisses » ; 3 sur 5 publiées entre 18 h et 19 h',
    );
    expect(email.text).toContain('- samedi 10 h – 11 h (12,5 engagements par heure en moyenne)');
    expect(email.html).toContain('href="https://www.instagram.com/p/p1/"');

    const file = renderMonthlyReport(report, 'data');
    expect(file.html).not.toContain('cid:');
    const uris = [...file.html.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((match) => match[1]!);
    expect(uris).toHaveLength(4);
    for (const uri of uris) decodePng(Buffer.from(uri, 'base64'));
  });

  it('derives a sentiment share the rollups lack from the counts, and says when a month has nothing', () => {
    const sparse = buildMonthlyReport({
      month: '2026-03',
      brand: 'B',
      language: 'en',
      timeZone: 'Europe/Paris',
      rollups: [
        {
          period: 'month',
          start: '2026-03-01',
          network: 'all',
          mentions: 8,
          negativeMentions: 2,
          neutralMentions: 5,
          positiveMentions: 1,
          negativeShare: 25,
        },
      ],
      posts: [],
      worryLines: [],
    });
    expect(sparse.sentiment).toEqual({
      mentions: 8,
      negative: 2,
      neutral: 5,
      positive: 1,
      negativeShare: 25,
      neutralShare: 62.5,
      positiveShare: 12.5,
      netSentiment: -12.5,
    });
    expect(hasData(sparse)).toBe(true);
    expect(hasData({ ...sparse, kpis: [] })).toBe(false);
  });

  it('speaks English for an English-speaking client', () => {
    const english = renderMonthlyReport({ ...report, language: 'en' }, 'cid');
    expect(english.subject).toBe('[Vigie] Maison Exemple monthly report: March 2026');
    expect(english.text).toContain('- Reach: 10,000 (February 2026: 8,000, +25%)');
    expect(english.text).toContain('- Saturday 10:00–11:00 (12.5 engagements per hour on average)');
  });
});
