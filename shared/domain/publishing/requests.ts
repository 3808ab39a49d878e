import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { type Network, networkSchema, timeZoneSchema } from '../../config/client-config.ts';
import { campaignSchema, mediaRefSchema, pillarSchema } from '../../events/catalog.ts';
import type { HistoryEntry, NetworkOutcome, Publication } from './publication.ts';
import { recurrenceSchema } from './recurrence.ts';

export const publicationIdSchema = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits, ".", "_", ":" or "-", at most 128'),
  );

const content = {
  variants: z.optional(z.partialRecord(networkSchema, z.string().check(z.minLength(1), z.maxLength(10_000)))),
  media: z.optional(z.array(mediaRefSchema).check(z.maxLength(35))),
  links: z.optional(z.array(z.url({ protocol: /^https?$/, error: 'an http(s) URL' })).check(z.maxLength(10))),
  pillar: z.optional(pillarSchema),
  campaign: z.optional(campaignSchema),
  timeZone: z.optional(timeZoneSchema),
};

/**
 * What every intake (HTTP API, webhook events, calendar import) asks the queue for, validated by
 * one schema, so a bad field gets the same reason wherever it comes from.
 */
export const publicationInputSchema = z
  .strictObject({
    publicationId: z.optional(publicationIdSchema),
    text: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(10_000)),
    networks: z.array(networkSchema).check(
      z.minLength(1, 'at least one network'),
      z.refine((networks) => new Set(networks).size === networks.length, 'each network once'),
    ),
    /** Absent: each network takes its next free posting slot. */
    scheduledFor: z.optional(z.iso.datetime({ offset: true, error: 'an ISO 8601 time with its offset' })),
    recurrence: z.optional(recurrenceSchema),
    author: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
    toolRef: z.optional(
      z.strictObject({
        tool: z.string().check(z.minLength(1), z.maxLength(64)),
        toolPostId: z.string().check(z.minLength(1), z.maxLength(256)),
      }),
    ),
    ...content,
  })
  .check(
    z.refine((input) => !(input.recurrence && input.scheduledFor), {
      message: 'give either scheduledFor or recurrence, not both',
      path: ['recurrence'],
    }),
    z.refine(
      (input) =>
        Object.keys(input.variants ?? {}).every((network) => input.networks.includes(network as Network)),
      {
        message: 'a variant for a network the publication is not sent to',
        path: ['variants'],
      },
    ),
  );
export type PublicationInput = z.infer<typeof publicationInputSchema>;

export const publicationPatchSchema = z
  .strictObject({
    text: z.optional(z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(10_000))),
    networks: z.optional(z.array(networkSchema).check(z.minLength(1, 'at least one network'))),
    scheduledFor: z.optional(z.iso.datetime({ offset: true, error: 'an ISO 8601 time with its offset' })),
    /** Optimistic locking: refused (409) when the publication changed since this version. */
    expectedVersion: z.optional(z.int().check(z.gte(1))),
    ...content,
  })
  .check(
    z.refine((patch) => Object.keys(patch).some((key) => key !== 'expectedVersion'), {
      message: 'nothing to change',
    }),
  );
export type PublicationPatch = z.infer<typeof publicationPatchSchema>;

/** The text that goes to a network: its variant, else the base text. */
export function textFor(publication: Pick<Publication, 'text' | 'variants'>, network: Network): string {
  return publication.variants[network] ?? publication.text;
}

/** Same text for duplicate detection: case, spacing and invisible differences do not count. */
export function textFingerprint(text: string): string {
  const normalized = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normalized).digest('base64url').slice(0, 22);
}

/** A new publication in draft, each network pending at its time (requested, or its slot). */
export function newPublication(
  input: PublicationInput & { publicationId: string },
  times: Partial<Record<Network, string>>,
  context: { at: string; actor: string; via: string; timeZone: string },
): { publication: Publication; history: HistoryEntry[] } {
  const outcomes: Partial<Record<Network, NetworkOutcome>> = {};
  for (const network of input.networks) {
    outcomes[network] = { state: 'pending', scheduledFor: times[network], attempts: 0 };
  }
  const publication: Publication = {
    publicationId: input.publicationId,
    text: input.text,
    variants: input.variants ?? {},
    media: input.media ?? [],
    links: input.links ?? [],
    pillar: input.pillar,
    campaign: input.campaign,
    networks: input.networks,
    requestedFor: input.scheduledFor ? new Date(input.scheduledFor).toISOString() : undefined,
    timeZone: input.timeZone ?? context.timeZone,
    author: input.author ?? context.actor,
    state: 'draft',
    outcomes,
    toolRefs: input.toolRef ? [input.toolRef] : undefined,
    recurrence: input.recurrence
      ? { rule: input.recurrence, seriesId: input.publicationId, occurrence: 1 }
      : undefined,
    version: 0,
    createdAt: context.at,
    updatedAt: context.at,
  };
  return {
    publication,
    history: [{ at: context.at, actor: context.actor, via: context.via, to: 'draft', note: 'created' }],
  };
}
