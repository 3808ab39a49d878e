import type * as eventStreams from '@smithy/core/event-streams';

/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles (an esbuild alias set by
 * `vigieBundling`): ~15 KB of event-stream codec that no operation Vigie calls uses. The SDK's
 * protocols load it (a dynamic import, bundled all the same) only for an operation with an event
 * stream member (S3 SelectObjectContent, Bedrock streaming, Transcribe…); S3's client also builds
 * a marshaller at construction, which is why the config resolver and the provider are here.
 * Should an event stream ever be reached, it fails loudly instead of misbehaving.
 * test/infra/bundled-clients.test.ts runs bundled clients against dynalite and local stand-ins.
 */
function refuse(): never {
  throw new Error(
    'AWS SDK event streams are left out of Vigie bundles (shared/runtime/no-event-streams.ts); drop the alias in vigieBundling to use one',
  );
}

export const resolveEventStreamSerdeConfig: typeof eventStreams.resolveEventStreamSerdeConfig = (input) =>
  Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });

export const eventStreamSerdeProvider: typeof eventStreams.eventStreamSerdeProvider = () => ({
  serialize: refuse,
  deserialize: refuse,
});

export class EventStreamSerde {
  constructor() {
    refuse();
  }
}
