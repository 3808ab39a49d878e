import { describe, expect, it } from 'vitest';
import { VersionConflictError } from '../../../shared/domain/publishing/ports.ts';
import type { Publication } from '../../../shared/domain/publishing/publication.ts';
import { useLocalTable } from '../../shared/adapters/local-table.ts';
import { exampleConfig, queueOn } from './queue-fixture.ts';

const dynamo = useLocalTable();
const noApproval = () => exampleConfig({ requireApproval: false });
const withApproval = () =>
  exampleConfig({ requireApproval: true, reviewers: ['comms-director@example.com'] });

function created(result: Awaited<ReturnType<ReturnType<typeof queueOn>['queue']['create']>>): Publication {
  if (result.kind !== 'created') throw new Error(`expected created, got ${JSON.stringify(result)}`);
  return result.publication;
}

describe('queueing without approval', () => {
  it('approves, schedules each network at the requested time and says so', async () => {
    const { queue, scheduler, events } = queueOn(dynamo.current, noApproval(), '2027-01-04T08:00:00Z');
    const publication = created(
      await queue.create(
        {
          publicationId: 'jan-1',
          text: 'Les soldes commencent',
          networks: ['instagram', 'facebook'],
          scheduledFor: '2027-01-05T10:00:00+01:00',
        },
        { actor: 'ana', via: 'api' },
      ),
    );
    expect(publication.state).toBe('approved');
    expect(publication.approval).toMatchObject({ by: 'vigie', automatic: true });
    expect(publication.outcomes.instagram).toEqual({
      state: 'scheduled',
      scheduledFor: '2027-01-05T09:00:00.000Z',
      attempts: 0,
    });
    expect(scheduler.of({ kind: 'publish', publicationId: 'jan-1', network: 'facebook' })).toBe(
      '2027-01-05T09:00:00.000Z',
    );
    expect(events.names()).toEqual([
      'publicationStateChanged', // created, as a draft
      'publicationStateChanged', // approved (not required)
      'publicationStateChanged',
      'publicationScheduled',
      'publicationStateChanged',
      'publicationScheduled',
    ]);
  });

  it('gives publications without a time the next free slots, one after the other', async () => {
    // Monday 2027-01-11, 08:00 Paris; instagram slots on weekdays: 12:30 and 18:30.
    const { queue } = queueOn(dynamo.current, noApproval(), '2027-01-11T07:00:00Z');
    const times: string[] = [];
    for (const text of ['Un', 'Deux', 'Trois']) {
      const publication = created(
        await queue.create({ text, networks: ['instagram'] }, { actor: 'ana', via: 'api' }),
      );
      times.push(publication.outcomes.instagram!.scheduledFor!);
    }
    expect(times).toEqual([
      '2027-01-11T11:30:00.000Z',
      '2027-01-11T17:30:00.000Z',
      '2027-01-12T11:30:00.000Z',
    ]);
  });

  it('says which field is wrong when no slot or time can be found', async () => {
    const { queue } = queueOn(dynamo.current, noApproval(), '2027-01-11T07:00:00Z');
    expect(
      await queue.create({ text: 'Vidéo', networks: ['tiktok', 'youtube'] } as never, {
        actor: 'ana',
        via: 'api',
      }),
    ).toEqual({
      kind: 'refused',
      field: 'networks',
      reason: "youtube is not one of the brand's networks",
    });
    expect(
      await queue.create(
        { text: 'Hier', networks: ['x'], scheduledFor: '2027-01-10T10:00:00Z' },
        { actor: 'ana', via: 'api' },
      ),
    ).toEqual({ kind: 'refused', field: 'scheduledFor', reason: 'is in the past' });
  });

  it('flags a duplicate (same text, network, local day) instead of queueing it twice', async () => {
    const { queue, store } = queueOn(dynamo.current, noApproval(), '2027-01-18T07:00:00Z');
    const first = created(
      await queue.create(
        {
          text: 'Nouvelle collection  en boutique',
          networks: ['instagram', 'x'],
          scheduledFor: '2027-01-19T09:00:00+01:00',
        },
        { actor: 'ana', via: 'import' },
      ),
    );
    // Same text (spacing and case aside), same local day, another hour.
    const again = await queue.create(
      {
        text: 'nouvelle collection en boutique',
        networks: ['instagram', 'x'],
        scheduledFor: '2027-01-19T18:00:00+01:00',
      },
      { actor: 'ana', via: 'import' },
    );
    expect(again).toEqual({
      kind: 'duplicate',
      duplicates: [
        { network: 'instagram', duplicateOf: first.publicationId },
        { network: 'x', duplicateOf: first.publicationId },
      ],
    });
    // Only one network duplicates: the other is queued, the duplicate is recorded on it.
    const partial = created(
      await queue.create(
        {
          text: 'Nouvelle collection en boutique',
          networks: ['instagram', 'facebook'],
          scheduledFor: '2027-01-19T20:00:00+01:00',
        },
        { actor: 'ana', via: 'import' },
      ),
    );
    expect(partial.networks).toEqual(['facebook']);
    expect(partial.duplicates).toEqual([{ network: 'instagram', duplicateOf: first.publicationId }]);
    // Another local day is not a duplicate; a cancelled publication frees its text.
    expect(
      (
        await queue.create(
          {
            text: 'Nouvelle collection en boutique',
            networks: ['x'],
            scheduledFor: '2027-01-20T09:00:00+01:00',
          },
          { actor: 'ana', via: 'import' },
        )
      ).kind,
    ).toBe('created');
    await queue.cancel(first.publicationId, { actor: 'ana', via: 'api' });
    expect(
      (
        await queue.create(
          {
            text: 'Nouvelle collection en boutique',
            networks: ['x'],
            scheduledFor: '2027-01-19T21:00:00+01:00',
          },
          { actor: 'ana', via: 'import' },
        )
      ).kind,
    ).toBe('created');
    expect((await store.get(first.publicationId))!.state).toBe('cancelled');
  });

  it('creates once per idempotency key, and once per publication id', async () => {
    const { queue, scheduler } = queueOn(dynamo.current, noApproval(), '2027-01-25T07:00:00Z');
    const input = {
      text: 'Idempotent',
      networks: ['linkedin' as const],
      scheduledFor: '2027-01-26T10:00:00+01:00',
    };
    const first = created(
      await queue.create(input, { actor: 'ana', via: 'api' }, { idempotencyKey: 'req-42' }),
    );
    const second = await queue.create(input, { actor: 'ana', via: 'api' }, { idempotencyKey: 'req-42' });
    expect(second).toEqual({ kind: 'exists', publication: first });
    // A re-delivery after a crash that lost the schedule sets it again.
    scheduler.schedules.clear();
    const byId = await queue.create(
      { ...input, publicationId: first.publicationId },
      { actor: 'ana', via: 'webhook' },
    );
    expect(byId.kind).toBe('exists');
    expect(scheduler.of({ kind: 'publish', publicationId: first.publicationId, network: 'linkedin' })).toBe(
      '2027-01-26T09:00:00.000Z',
    );
  });

  it('moves the schedule when the time changes and deletes it when cancelled', async () => {
    const { queue, scheduler, store } = queueOn(dynamo.current, noApproval(), '2027-02-01T07:00:00Z');
    created(
      await queue.create(
        {
          publicationId: 'feb-move',
          text: 'Déplacée',
          networks: ['x'],
          scheduledFor: '2027-02-02T09:00:00Z',
        },
        { actor: 'ana', via: 'api' },
      ),
    );
    const moved = await queue.update(
      'feb-move',
      { scheduledFor: '2027-02-03T09:00:00Z' },
      { actor: 'ana', via: 'api' },
    );
    expect(moved.kind).toBe('changed');
    expect(scheduler.of({ kind: 'publish', publicationId: 'feb-move', network: 'x' })).toBe(
      '2027-02-03T09:00:00.000Z',
    );
    // The calendar follows: the old day no longer lists it.
    expect(
      (await store.between('2027-02-02T00:00:00Z', '2027-02-03T00:00:00Z')).map((p) => p.publicationId),
    ).not.toContain('feb-move');
    expect(
      (await store.between('2027-02-03T00:00:00Z', '2027-02-04T00:00:00Z')).map((p) => p.publicationId),
    ).toContain('feb-move');
    expect((await store.calendarDays(['2027-02-02'])).map((entry) => entry.publicationId)).not.toContain(
      'feb-move',
    );
    const cancelled = await queue.cancel('feb-move', { actor: 'ana', via: 'api' }, 'campagne annulée');
    expect(cancelled.kind === 'changed' && cancelled.publication.outcomes.x!.state).toBe('cancelled');
    expect(scheduler.of({ kind: 'publish', publicationId: 'feb-move', network: 'x' })).toBeUndefined();
    expect(await queue.cancel('feb-move', { actor: 'ana', via: 'api' })).toMatchObject({
      kind: 'refused',
      reason: 'cannot cancel: the publication is cancelled',
    });
    const history = await store.history('feb-move');
    expect(
      history.map((entry) => `${entry.network ?? '-'} ${entry.from ?? ''}>${entry.to ?? ''} ${entry.via}`),
    ).toEqual([
      '- >draft api',
      '- draft>approved api',
      'x pending>scheduled api',
      '- > api',
      'x scheduled>scheduled api',
      '- approved>cancelled api',
      'x scheduled>cancelled api',
    ]);
    expect(history.at(-2)!.note).toBe('campagne annulée');
  });
});

describe('queueing with approval', () => {
  it('asks the reviewers, with an expiry and a reminder before the slot, then schedules once approved', async () => {
    const { queue, scheduler, events, store } = queueOn(
      dynamo.current,
      withApproval(),
      '2027-03-01T08:00:00Z',
    );
    const publication = created(
      await queue.create(
        {
          publicationId: 'mar-review',
          text: 'À valider',
          networks: ['instagram'],
          scheduledFor: '2027-03-02T12:00:00Z',
        },
        { actor: 'ana', via: 'api' },
      ),
    );
    expect(publication.state).toBe('in_review');
    expect(publication.review).toEqual({
      requestedAt: '2027-03-01T08:00:00.000Z',
      // 48 hours would be after the slot: the request expires at the slot.
      expiresAt: '2027-03-02T12:00:00.000Z',
      reminderAt: '2027-03-02T08:00:00.000Z',
      reviewers: ['comms-director@example.com'],
    });
    expect(
      scheduler.of({ kind: 'publish', publicationId: 'mar-review', network: 'instagram' }),
    ).toBeUndefined();
    expect(scheduler.of({ kind: 'review-expiry', publicationId: 'mar-review', version: 1 })).toBe(
      '2027-03-02T12:00:00.000Z',
    );
    expect(scheduler.of({ kind: 'review-reminder', publicationId: 'mar-review', version: 1 })).toBe(
      '2027-03-02T08:00:00.000Z',
    );
    expect(events.events.find((event) => event.name === 'publicationReviewRequested')!.detail).toEqual({
      publicationId: 'mar-review',
      version: 1,
      reviewers: ['comms-director@example.com'],
      expiresAt: '2027-03-02T12:00:00.000Z',
      at: '2027-03-01T08:00:00.000Z',
    });

    // An approval for another version is refused; the right one schedules.
    expect(
      (await queue.approve('mar-review', { actor: 'comms-director@example.com', via: 'approval-link' }, 7))
        .kind,
    ).toBe('refused');
    const approved = await queue.approve(
      'mar-review',
      { actor: 'comms-director@example.com', via: 'approval-link' },
      1,
    );
    expect(approved.kind === 'changed' && approved.publication.outcomes.instagram!.state).toBe('scheduled');
    expect(scheduler.of({ kind: 'publish', publicationId: 'mar-review', network: 'instagram' })).toBe(
      '2027-03-02T12:00:00.000Z',
    );
    expect(scheduler.of({ kind: 'review-expiry', publicationId: 'mar-review', version: 1 })).toBeUndefined();
    expect((await store.get('mar-review'))!.approval).toMatchObject({
      by: 'comms-director@example.com',
      automatic: false,
    });
  });

  it('goes back to review when approved content is edited', async () => {
    const { queue, scheduler } = queueOn(dynamo.current, withApproval(), '2027-03-08T08:00:00Z');
    created(
      await queue.create(
        { publicationId: 'mar-edit', text: 'V1', networks: ['x'], scheduledFor: '2027-03-10T12:00:00Z' },
        { actor: 'ana', via: 'api' },
      ),
    );
    await queue.approve('mar-edit', { actor: 'comms-director@example.com', via: 'approval-link' }, 1);
    const edited = await queue.update('mar-edit', { text: 'V2' }, { actor: 'ana', via: 'api' });
    expect(
      edited.kind === 'changed' && [edited.publication.state, edited.publication.outcomes.x!.state],
    ).toEqual(['in_review', 'pending']);
    expect(scheduler.of({ kind: 'publish', publicationId: 'mar-edit', network: 'x' })).toBeUndefined();
  });

  it('falls back to draft when a reviewer rejects, and when nobody answers in time (the team is told)', async () => {
    const { queue, events, clock, scheduler } = queueOn(
      dynamo.current,
      withApproval(),
      '2027-03-15T08:00:00Z',
    );
    created(
      await queue.create(
        { publicationId: 'mar-reject', text: 'Non', networks: ['x'], scheduledFor: '2027-03-20T12:00:00Z' },
        { actor: 'ana', via: 'api' },
      ),
    );
    const rejected = await queue.reject(
      'mar-reject',
      { actor: 'comms-director@example.com', via: 'approval-link' },
      'Mauvais visuel',
      1,
    );
    expect(rejected.kind === 'changed' && rejected.publication.state).toBe('draft');
    expect(events.events.find((event) => event.name === 'publicationReviewRejected')!.detail).toMatchObject({
      reviewer: 'comms-director@example.com',
      comment: 'Mauvais visuel',
    });

    created(
      await queue.create(
        {
          publicationId: 'mar-expire',
          text: 'Silence',
          networks: ['x'],
          scheduledFor: '2027-03-25T12:00:00Z',
        },
        { actor: 'ana', via: 'api' },
      ),
    );
    const expiry = scheduler.of({ kind: 'review-expiry', publicationId: 'mar-expire', version: 1 });
    expect(expiry).toBe('2027-03-17T08:00:00.000Z'); // 48 hours
    clock.now = new Date(expiry!);
    // A stale schedule (older version) does nothing; the current one expires the request.
    await queue.onReviewSchedule({ kind: 'review-expiry', publicationId: 'mar-expire', version: 9 });
    await queue.onReviewSchedule({ kind: 'review-expiry', publicationId: 'mar-expire', version: 1 });
    const expired = events.events.find((event) => event.name === 'publicationReviewExpired');
    expect(expired!.detail).toEqual({
      publicationId: 'mar-expire',
      reviewers: ['comms-director@example.com'],
      at: '2027-03-17T08:00:00.000Z',
    });
    // Editing the draft submits it again.
    const resubmitted = await queue.update(
      'mar-expire',
      { text: 'Silence, version 2' },
      { actor: 'ana', via: 'api' },
    );
    expect(resubmitted.kind === 'changed' && resubmitted.publication.state).toBe('in_review');
  });
});

describe('outcomes reported by scheduling tools', () => {
  it('updates the publication matched by the tool post id and links the network post', async () => {
    const { queue, store, events } = queueOn(dynamo.current, noApproval(), '2027-04-01T08:00:00Z');
    created(
      await queue.create(
        {
          publicationId: 'apr-tool',
          text: 'Via Hootsuite',
          networks: ['linkedin'],
          scheduledFor: '2027-04-02T08:00:00Z',
          campaign: 'printemps',
          toolRef: { tool: 'hootsuite', toolPostId: '5521839201' },
        },
        { actor: 'ana', via: 'webhook' },
      ),
    );
    const result = await queue.recordReported({
      tool: 'hootsuite',
      toolPostId: '5521839201',
      network: 'linkedin',
      status: 'published',
      externalId: 'urn:li:share:7170012345678901234',
      at: '2027-04-02T08:00:02Z',
    });
    expect(result.kind === 'changed' && result.publication.outcomes.linkedin).toMatchObject({
      state: 'published',
      externalId: 'urn:li:share:7170012345678901234',
      publishedAt: '2027-04-02T08:00:02Z',
    });
    // The tool's report knows only its own ids: the published event carries the publication's
    // campaign, so linkPosts files the network post's metrics under it.
    expect(events.events.filter((event) => event.name === 'publicationPublished')).toEqual([
      expect.objectContaining({
        detail: {
          publicationId: 'apr-tool',
          network: 'linkedin',
          at: '2027-04-02T08:00:02Z',
          externalId: 'urn:li:share:7170012345678901234',
          campaign: 'printemps',
        },
      }),
    ]);
    expect(await store.findByToolPost('hootsuite', '5521839201')).toBe('apr-tool');
    expect(
      (
        await queue.recordReported({
          tool: 'hootsuite',
          toolPostId: 'unknown',
          status: 'published',
          at: '2027-04-02T08:00:02Z',
        })
      ).kind,
    ).toBe('not-found');
  });
});

describe('recurring publications', () => {
  it('queues the next occurrence when one is done, keeping the approval of the series', async () => {
    const { queue, store, clock } = queueOn(dynamo.current, withApproval(), '2027-05-03T06:00:00Z');
    const first = created(
      await queue.create(
        {
          publicationId: 'evergreen',
          text: 'Notre guide des tailles',
          networks: ['facebook'],
          recurrence: {
            every: { weekdays: ['mon'] },
            time: '09:00',
            startsOn: '2027-05-03',
            maxOccurrences: 2,
            cooldownDays: 0,
          },
        },
        { actor: 'ana', via: 'api' },
      ),
    );
    expect(first.outcomes.facebook!.scheduledFor).toBe('2027-05-03T07:00:00.000Z');
    await queue.approve('evergreen', { actor: 'comms-director@example.com', via: 'approval-link' }, 1);
    clock.now = new Date('2027-05-03T07:00:00Z');
    await queue.change('evergreen', { actor: 'vigie', via: 'scheduler' }, (publication, context) => {
      const outcome = publication.outcomes.facebook!;
      return {
        ok: true,
        publication: {
          ...publication,
          outcomes: {
            facebook: { ...outcome, state: 'published', externalId: 'fb-1', publishedAt: context.at },
          },
        },
        history: [
          {
            at: context.at,
            actor: 'vigie',
            via: 'scheduler',
            network: 'facebook',
            from: 'scheduled',
            to: 'published',
          },
        ],
      };
    });
    const second = await store.get('evergreen~2');
    expect(second).toMatchObject({
      state: 'approved',
      approval: { by: 'comms-director@example.com', via: 'recurrence', automatic: false },
      recurrence: { seriesId: 'evergreen', occurrence: 2 },
      outcomes: { facebook: { state: 'scheduled', scheduledFor: '2027-05-10T07:00:00.000Z' } },
    });
  });
});

describe('the store', () => {
  it('refuses a write based on an old version', async () => {
    const { queue, store } = queueOn(dynamo.current, noApproval(), '2027-06-01T08:00:00Z');
    const publication = created(
      await queue.create(
        { text: 'Verrou', networks: ['x'], scheduledFor: '2027-06-02T08:00:00Z' },
        { actor: 'ana', via: 'api' },
      ),
    );
    await store.save({ ...publication, text: 'A' }, [], publication.version, []);
    await expect(
      store.save({ ...publication, text: 'B' }, [], publication.version, []),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect((await store.get(publication.publicationId))!.text).toBe('A');
  });
});

describe('published counts (the daily caps)', () => {
  it('counts the posts that went out on a network since a time', async () => {
    const { queue, store } = queueOn(dynamo.current, noApproval(), '2027-06-14T06:00:00Z');
    for (const [index, at] of [
      '2027-06-14T08:00:00Z',
      '2027-06-14T12:00:00Z',
      '2027-06-15T08:00:00Z',
    ].entries()) {
      const id = `cap-${index}`;
      await queue.create(
        { publicationId: id, text: id, networks: ['instagram'], scheduledFor: at },
        { actor: 'ana', via: 'api' },
      );
      if (index < 2) {
        await queue.recordReported({
          tool: 't',
          toolPostId: id,
          publicationId: id,
          network: 'instagram',
          status: 'published',
          externalId: `ig-${id}`,
          at,
        });
      }
    }
    const now = new Date('2027-06-14T13:00:00Z');
    expect(await store.countPublishedSince('instagram', new Date('2027-06-13T13:00:00Z'), now)).toBe(2);
    expect(await store.countPublishedSince('instagram', new Date('2027-06-14T10:00:00Z'), now)).toBe(1);
    expect(await store.countPublishedSince('x', new Date('2027-06-13T13:00:00Z'), now)).toBe(0);
  });
});
