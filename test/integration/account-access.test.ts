import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietLambdaTooling } from '../../shared/cli/quiet.ts';
import { loadClientConfig, parseClientConfig } from '../../shared/config/client-config.ts';
import { SimulatedClock } from '../../shared/local/clock.ts';
import { createLocalStack, type LocalStack } from '../../shared/local/local-stack.ts';

// Facebook is published natively but the local stack has no token for it (no VIGIE_TOKEN_FACEBOOK):
// the twice-daily check finds it without calling the network.
const startedAt = new Date('2026-03-10T04:00:00Z');
const mailDir = join(mkdtempSync(join(tmpdir(), 'vigie-account-access-')), 'mail');
let stack: LocalStack;
let clock: SimulatedClock;

const mails = () => {
  try {
    return readdirSync(mailDir).filter((file) => file.endsWith('.eml'));
  } catch {
    return [];
  }
};
/** The text of an .eml: its base64 parts decoded. */
const textOf = (file: string) =>
  readFileSync(join(mailDir, file), 'utf8')
    .split(/^--.+$/m)
    .map((part) => {
      const [headers = '', ...body] = part.split(/\r?\n\r?\n/);
      return /Content-Transfer-Encoding: base64/i.test(headers)
        ? Buffer.from(body.join('').replace(/\s/g, ''), 'base64').toString('utf8')
        : part;
    })
    .join('\n');
const runUntil = async (at: string) => {
  await stack.scheduler.runUntil(new Date(at), (to) => clock.advanceTo(to));
  await stack.bus.drain();
};

beforeAll(async () => {
  quietLambdaTooling();
  const example = JSON.parse(JSON.stringify(loadClientConfig('clients/example.json')));
  const config = parseClientConfig({ ...example, publishers: { facebook: { kind: 'native' } } });
  clock = new SimulatedClock(startedAt);
  stack = await createLocalStack({ config, clock, mailDir, deliverImmediately: true, env: {} });
});

afterAll(async () => {
  await stack.close();
});

describe('a natively published account whose token is gone, on the local stack', () => {
  it('is emailed once a day from the scheduled check (05:00 and 15:00 UTC), naming the account to reconnect', async () => {
    await runUntil('2026-03-10T04:59:00Z');
    expect(mails()).toEqual([]);

    // Both runs of the day find it; the team hears of it once.
    await runUntil('2026-03-10T16:00:00Z');
    expect(mails()).toHaveLength(1);
    const text = textOf(mails()[0]!);
    expect(text).toContain('facebook account 100000000000000');
    expect(text).toContain('no access token for this account');
    expect(text).toContain('Parameter Store');

    // Still lost the next day: one more email, not one per run.
    await runUntil('2026-03-11T16:00:00Z');
    expect(mails()).toHaveLength(2);
  });
});
