import { describe, expect, it } from 'vitest';
import { createHandler } from '../../../functions/publishing/publish-publication/app.ts';
import type { ClientConfig, Network } from '../../../shared/config/client-config.ts';
import { applyNetworkAction } from '../../../shared/domain/publishing/lifecycle.ts';
import type {
  Publisher,
  PublishOutcome,
  PublishRequest,
  VerifyOutcome,
} from '../../../shared/domain/publishing/publisher.ts';
import { localContext } from '../../../shared/local/lambda-context.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { useLocalTable } from '../../shared/adapters/local-table.ts';
import { exampleConfig, queueOn } from './queue-fixture.ts';

const dynamo = useLocalTable();

/** A network stand-in: answers from a script, and counts what it was asked. */
class StubPublisher implements Publisher {
  readonly network = 'any' as const;
  readonly published: PublishRequest[] = [];
  readonly verified: PublishRequest[] = [];
  constructor(
    private readonly answers: ((request: PublishRequest) => PublishOutcome)[],
    /** Answers to verify, in order (the last one repeats). */
    private readonly verifications: VerifyOutcome[] = [{ kind: 'absent' }],
    private readonly delayMs = 0,
  ) {}
  async publish(request: PublishRequest): Promise<PublishOutcome> {
    this.published.push(request);
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const answer = this.answers[Math.min(this.published.length - 1, this.answers.length - 1)]!;
    return answer(request);
  }
  async verify(request: PublishRequest): Promise<VerifyOutcome> {
    this.verified.push(request);
    return this.verifications[Math.min(this.verified.length - 1, this.verifications.length - 1)]!;
  }
}

/** The follow-up schedule the publish function sets for itself at a time. */
const followUpAt = (publicationId: string, at: string) => ({
  kind: 'publish' as const,
  publicationId,
  network: 'x' as const,
  followUp: Math.floor(Date.parse(at) / 60_000),
});
const attempt = (status?: number) => ({
  at: '2027-07-01T08:00:00.000Z',
  status,
  payloadSha256: 'a'.repeat(64),
});
const published = (request: PublishRequest): PublishOutcome => ({
  kind: 'published',
  externalId: `ext-${request.idempotencyKey}`,
  permalink: 'https://example.com/p/1',
  attempt: attempt(200),
});

async function setup(
  config: ClientConfig,
  publisher: StubPublisher,
  publicationId: string,
  network: Network = 'x',
) {
  const fixture = queueOn(dynamo.current, config, '2027-07-01T07:00:00Z');
  const result = await fixture.queue.create(
    {
      publicationId,
      text: `Texte ${publicationId}`,
      networks: [network],
      scheduledFor: '2027-07-01T08:00:00Z',
      links: ['https://example.com/a'],
    },
    { actor: 'ana', via: 'api' },
  );
  expect(result.kind).toBe('created');
  fixture.clock.now = new Date('2027-07-01T08:00:00Z');
  const handler = createHandler({
    ...observability('publishPublication'),
    config,
    publicationStore: fixture.store,
    publicationScheduler: fixture.scheduler,
    publisher: fixture.events,
    publishers: { x: publisher, facebook: publisher },
    // The in-process retries wait for nothing here.
    sendRuntime: { sleep: async () => undefined, random: () => 0, now: () => fixture.clock.now },
    now: () => fixture.clock.now,
  });
  const run = () =>
    handler({ kind: 'publish', publicationId, network }, localContext('publishPublication', 120));
  return { ...fixture, run };
}

describe('the publish function', () => {
  it('publishes once when the schedule fires twice, and records the outcome and the attempt', async () => {
    const publisher = new StubPublisher([published]);
    const { run, store, events } = await setup(
      exampleConfig({ requireApproval: false }),
      publisher,
      'jul-twice',
    );
    expect(await run()).toBe('published');
    expect(await run()).toBe('nothing-to-do');
    expect(publisher.published).toHaveLength(1);
    expect(publisher.published[0]).toMatchObject({
      text: 'Texte jul-twice',
      // Sent as prepared: links UTM-tagged for the network.
      links: ['https://example.com/a?utm_source=x&utm_medium=social'],
      idempotencyKey: 'jul-twice:x:1',
      attempt: 1,
    });
    const outcome = (await store.get('jul-twice'))!.outcomes.x!;
    expect(outcome).toMatchObject({
      state: 'published',
      attempts: 1,
      attemptWindow: 1,
      permalink: 'https://example.com/p/1',
    });
    expect(outcome.externalId).toBe(`ext-${publisher.published[0]!.idempotencyKey}`);
    const history = await store.history('jul-twice');
    expect(history.filter((entry) => entry.attempt)).toHaveLength(1);
    expect(history.slice(-3).map((entry) => entry.to ?? entry.note)).toEqual([
      'publishing',
      'attempt: 200',
      'published',
    ]);
    expect(events.names()).toContain('publicationPublished');
  });

  it('sends once when two invocations race', async () => {
    const publisher = new StubPublisher([published], [{ kind: 'absent' }], 50);
    const { run } = await setup(exampleConfig({ requireApproval: false }), publisher, 'jul-race');
    const results = await Promise.allSettled([run(), run()]);
    expect(publisher.published).toHaveLength(1);
    // The loser finds it claimed (and sets a follow-up) or finds it published: it sends nothing.
    expect(
      results.filter((result) => result.status === 'fulfilled' && result.value === 'published'),
    ).toHaveLength(1);
  });

  it('follows up a send left "publishing" by a run that died, and verifies before sending again', async () => {
    const publisher = new StubPublisher([published], [{ kind: 'found', externalId: 'tw-already' }]);
    const { run, queue, store, scheduler, clock } = await setup(
      exampleConfig({ requireApproval: false }),
      publisher,
      'jul-died',
    );
    // A run claimed the send, then died before recording anything.
    await queue.change('jul-died', { actor: 'vigie', via: 'scheduler' }, (publication, context) =>
      applyNetworkAction(publication, 'x', 'start', context, { attemptWindow: 1 }),
    );
    expect(await run()).toBe('in-progress');
    expect(scheduler.of(followUpAt('jul-died', '2027-07-01T08:06:00Z'))).toBe('2027-07-01T08:06:00.000Z');
    clock.now = new Date('2027-07-01T08:06:00Z');
    expect(await run()).toBe('published');
    expect(publisher.published).toHaveLength(0);
    expect((await store.get('jul-died'))!.outcomes.x).toMatchObject({
      state: 'published',
      externalId: 'tw-already',
    });
  });

  it('never publishes what is not approved when approval is required, even if it was scheduled', async () => {
    const publisher = new StubPublisher([published]);
    const { store } = await setup(exampleConfig({ requireApproval: false }), publisher, 'jul-unapproved');
    // The client now requires approval: the automatic approval does not count at send time.
    const strict = createHandler({
      ...observability('publishPublication'),
      config: exampleConfig({ requireApproval: true, reviewers: ['comms-director@example.com'] }),
      publicationStore: store,
      publicationScheduler: { upsert: async () => undefined, remove: async () => undefined },
      publisher: { publish: async () => undefined },
      publishers: { x: publisher },
      now: () => new Date('2027-07-01T08:00:00Z'),
    });
    expect(
      await strict(
        { kind: 'publish', publicationId: 'jul-unapproved', network: 'x' },
        localContext('p', 120),
      ),
    ).toBe('not-approved');
    expect(publisher.published).toHaveLength(0);
    expect((await store.get('jul-unapproved'))!.outcomes.x!.state).toBe('pending');
  });

  it('ignores a schedule that fires long before the post’s (moved) time', async () => {
    const publisher = new StubPublisher([published]);
    const { run, clock } = await setup(exampleConfig({ requireApproval: false }), publisher, 'jul-early');
    clock.now = new Date('2027-07-01T07:30:00Z');
    expect(await run()).toBe('not-due');
    expect(publisher.published).toHaveLength(0);
  });

  it('verifies an unknown outcome before any resend: found → published without sending again', async () => {
    // The retry engine asks at once and the network cannot tell yet; ten minutes later it can.
    const publisher = new StubPublisher(
      [() => ({ kind: 'unknown', reason: 'timeout after the request left', attempt: attempt() })],
      [
        { kind: 'cannot-tell', reason: 'not indexed yet' },
        { kind: 'found', externalId: 'tw-found' },
      ],
    );
    const { run, store, scheduler } = await setup(
      exampleConfig({ requireApproval: false }),
      publisher,
      'jul-unknown',
    );
    expect(await run()).toBe('outcome-unknown');
    expect((await store.get('jul-unknown'))!.outcomes.x!.state).toBe('outcome_unknown');
    expect(scheduler.of(followUpAt('jul-unknown', '2027-07-01T08:10:00Z'))).toBe('2027-07-01T08:10:00.000Z');
    expect(await run()).toBe('published');
    expect(publisher.published).toHaveLength(1);
    expect(publisher.verified).toHaveLength(2);
    expect((await store.get('jul-unknown'))!.outcomes.x).toMatchObject({
      state: 'published',
      externalId: 'tw-found',
    });
  });

  it('resends after a verified absence, with a new idempotency key', async () => {
    const publisher = new StubPublisher(
      [() => ({ kind: 'unknown', reason: 'timeout', attempt: attempt() }), published],
      [{ kind: 'cannot-tell', reason: 'not indexed yet' }, { kind: 'absent' }],
    );
    const { run } = await setup(exampleConfig({ requireApproval: false }), publisher, 'jul-absent');
    await run();
    expect(await run()).toBe('published');
    const [first, second] = publisher.published;
    expect(first!.idempotencyKey).not.toBe(second!.idempotencyKey);
    expect([first!.idempotencyKey, second!.idempotencyKey]).toEqual(['jul-absent:x:1', 'jul-absent:x:2']);
  });

  it('reschedules a long retry-after, and fails for that network only on a rejection', async () => {
    const publisher = new StubPublisher([
      () => ({
        kind: 'retryable',
        reason: '429 Too Many Requests',
        retryAfterMs: 900_000,
        attempt: attempt(429),
      }),
      () => ({ kind: 'rejected', reason: 'text longer than 280 characters', attempt: attempt(400) }),
    ]);
    const { run, store, scheduler, events, clock } = await setup(
      exampleConfig({ requireApproval: false }),
      publisher,
      'jul-retry',
    );
    expect(await run()).toBe('deferred');
    expect((await store.get('jul-retry'))!.outcomes.x).toMatchObject({
      state: 'scheduled',
      scheduledFor: '2027-07-01T08:15:00.000Z',
      attempts: 1,
    });
    expect(scheduler.of(followUpAt('jul-retry', '2027-07-01T08:15:00Z'))).toBe('2027-07-01T08:15:00.000Z');
    clock.now = new Date('2027-07-01T08:15:00Z');
    expect(await run()).toBe('failed');
    expect((await store.get('jul-retry'))!.outcomes.x).toMatchObject({
      state: 'failed',
      attempts: 2,
      lastError: 'text longer than 280 characters',
    });
    const failure = events.events.find((event) => event.name === 'publicationFailed')!;
    expect(failure.detail).toMatchObject({ publicationId: 'jul-retry', network: 'x', attempts: 2 });
  });

  it('tells which account to reconnect on an expired token, and fails without a publisher', async () => {
    const publisher = new StubPublisher([
      () => ({
        kind: 'unauthorized',
        reason: 'token expired',
        account: '@maisonexemple',
        attempt: attempt(401),
      }),
    ]);
    const { run, store } = await setup(
      exampleConfig({ requireApproval: false }),
      publisher,
      'jul-token',
      'facebook',
    );
    expect(await run()).toBe('failed');
    expect((await store.get('jul-token'))!.outcomes.facebook!.lastError).toBe(
      'token expired: reconnect the facebook account @maisonexemple',
    );
  });
});
