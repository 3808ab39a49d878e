import { describe, expect, it } from 'vitest';
import { createHandler } from '../../../functions/publishing/check-account-access/app.ts';
import type { AccessCheck, AccessChecker } from '../../../shared/adapters/publishers/access.ts';
import { alertOf } from '../../../shared/domain/alerts/alerts.ts';
import type { DomainEvent } from '../../../shared/events/catalog.ts';
import { events } from '../../../shared/events/catalog.ts';
import { localContext } from '../../../shared/local/lambda-context.ts';
import { observability } from '../../../shared/runtime/observability.ts';

const checker = (network: AccessChecker['network'], check: AccessCheck): AccessChecker => ({
  network,
  checkAccess: async () => check,
});

const scheduled = { id: 'run-1', time: '2026-03-02T05:00:00Z' } as never;

describe('checkAccountAccess', () => {
  it('puts account.access.lost for each refused token, nothing for good or unreachable ones', async () => {
    const published: DomainEvent[] = [];
    const handler = createHandler({
      ...observability('checkAccountAccess'),
      accessCheckers: [
        checker('instagram', {
          kind: 'invalid',
          account: 'Instagram account 1784 (@brand)',
          reason: 'token expired',
        }),
        checker('facebook', { kind: 'valid' }),
        checker('linkedin', { kind: 'cannot-tell', reason: 'timeout' }),
      ],
      publisher: { publish: async (batch) => void published.push(...batch) },
      now: () => new Date('2026-03-02T05:00:03Z'),
    });
    expect(await handler(scheduled, localContext('checkAccountAccess', 30))).toBe(1);
    expect(published).toEqual([
      {
        name: 'accountAccessLost',
        detail: {
          network: 'instagram',
          account: 'Instagram account 1784 (@brand)',
          reason: 'token expired',
          at: '2026-03-02T05:00:03.000Z',
        },
      },
    ]);
    expect(events.accountAccessLost.schema.safeParse(published[0]!.detail).success).toBe(true);
  });

  it('emails once per account and day however often the check runs', () => {
    const lost = (at: string) =>
      alertOf({
        name: 'accountAccessLost',
        detail: { network: 'instagram', account: 'Instagram account 1784', reason: 'token expired', at },
      });
    expect(lost('2026-03-02T05:00:03.000Z').key).toBe(lost('2026-03-02T15:00:02.000Z').key);
    expect(lost('2026-03-03T05:00:03.000Z').key).not.toBe(lost('2026-03-02T05:00:03.000Z').key);
  });
});
