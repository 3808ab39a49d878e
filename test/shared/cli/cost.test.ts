import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCost } from '../../../shared/cli/commands/cost.ts';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write: (chunk, _encoding, done) => {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe('vigie cost', () => {
  it('prints the bill of a profile line by line, from the example client’s synthesized stack', async () => {
    const out = capture();
    const typical = await runCost({ profile: 'typical', client: 'clients/example.json' }, out.stream);
    for (const service of [
      'Lambda',
      'DynamoDB',
      'EventBridge',
      'SQS',
      'API Gateway',
      'SES',
      'CloudWatch',
      'X-Ray',
      'Secrets Manager',
      'S3',
    ])
      expect(out.text()).toContain(`| ${service}`);
    expect(out.text()).toMatch(/prices: .* read \d{4}-\d{2}-\d{2}/);
    // Alarm metrics (not alarm resources), within the 10 the always-free tier covers.
    const alarms = out
      .text()
      .match(/\| CloudWatch\s*\| alarms\s*\| (\d+) alarm metrics\s*\| [\d.]+\s*\| ([\d.]+)/);
    expect(Number(alarms?.[1])).toBeLessThanOrEqual(10);
    expect(alarms?.[2]).toBe('0.00');
    const storm = await runCost({ profile: 'storm', client: 'clients/example.json' }, capture().stream);
    const quiet = await runCost({ profile: 'quiet', client: 'clients/example.json' }, capture().stream);
    expect(quiet).toBeLessThan(typical);
    expect(typical).toBeLessThan(storm);
  }, 60_000);

  it('makes logs cheaper with a shorter retention', async () => {
    const month = capture();
    const week = capture();
    await runCost({ profile: 'typical', client: 'clients/example.json', logRetentionDays: 30 }, month.stream);
    await runCost({ profile: 'typical', client: 'clients/example.json', logRetentionDays: 7 }, week.stream);
    expect(month.text()).toContain('(now 30)');
    expect(week.text()).toContain('(now 7)');
  }, 60_000);

  it('refuses an unknown profile', async () => {
    await expect(
      runCost({ profile: 'huge', client: 'clients/example.json' }, capture().stream),
    ).rejects.toThrow(/quiet, typical or storm/);
  }, 60_000);
});
