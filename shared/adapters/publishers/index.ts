import type { ClientConfig, Network } from '../../config/client-config.ts';
import type { Publisher } from '../../domain/publishing/publisher.ts';
import { allQuotas, dailyCapQuota, type PublishedCounter } from '../../domain/publishing/quota.ts';
import type { PublishingQuota } from '../../domain/publishing/send.ts';
import type { NetworkTokens } from '../network-tokens.ts';
import type { SigningSecrets } from '../signing-secrets.ts';
import { facebookPublisher } from './facebook.ts';
import { type NativePublisherOptions, nativeAccount } from './graph.ts';
import type { HttpDeps } from './http.ts';
import { instagramPublisher, instagramPublishingQuota } from './instagram.ts';
import { linkedinPublisher } from './linkedin.ts';
import { webhookPublisher } from './webhook.ts';
import { xPublisher } from './x.ts';

export interface PublisherDeps extends HttpDeps {
  /** Access tokens of `accounts.<network>` (native publishers). */
  tokens: NetworkTokens;
  /** Signing secrets of `publishers.<network>.secretName` (webhook publishers). */
  signingSecrets: SigningSecrets;
  /** Where the native APIs are; the real ones when absent (local stand-ins in tests). */
  baseUrls?: { graph?: string; linkedin?: string; x?: string };
  sleep?: (ms: number) => Promise<void>;
}

/** One publisher per network of `publishers` in the client configuration. */
export function publishersFromConfig(
  config: ClientConfig,
  deps: PublisherDeps,
): Partial<Record<Network, Publisher>> {
  const publishers: Partial<Record<Network, Publisher>> = {};
  for (const [network, entry] of Object.entries(config.publishers) as [
    Network,
    ClientConfig['publishers'][Network],
  ][]) {
    if (!entry) continue;
    if (entry.kind === 'webhook') {
      publishers[network] = webhookPublisher({
        ...deps,
        network,
        url: entry.url,
        secretName: entry.secretName,
        secrets: deps.signingSecrets,
        verify: entry.verify,
      });
      continue;
    }
    const options = nativeOptions(config, network, deps, entry.apiVersion);
    switch (network) {
      case 'facebook':
        publishers.facebook = facebookPublisher({ ...options, baseUrl: deps.baseUrls?.graph });
        break;
      case 'instagram':
        publishers.instagram = instagramPublisher({
          ...options,
          baseUrl: graphBaseUrl(deps, entry.graphHost),
        });
        break;
      case 'linkedin':
        publishers.linkedin = linkedinPublisher({ ...options, baseUrl: deps.baseUrls?.linkedin });
        break;
      case 'x':
        publishers.x = xPublisher({ ...options, baseUrl: deps.baseUrls?.x });
        break;
      default:
        // The configuration schema refuses native publishers for the other networks.
        throw new Error(`no native publisher for ${network}`);
    }
  }
  return publishers;
}

/**
 * The quota checked before each send: the `dailyCap` of each publisher entry (counted by the
 * queue's store), and Instagram's own content_publishing_limit when Instagram is sent natively.
 */
export function publishingQuotaFromConfig(
  config: ClientConfig,
  deps: PublisherDeps & { published: PublishedCounter },
): PublishingQuota {
  const caps: Partial<Record<Network, number>> = {};
  for (const [network, entry] of Object.entries(config.publishers) as [
    Network,
    ClientConfig['publishers'][Network],
  ][]) {
    if (entry?.dailyCap !== undefined) caps[network] = entry.dailyCap;
  }
  const quotas = [dailyCapQuota(caps, deps.published, () => deps.now?.() ?? new Date())];
  const instagram = config.publishers.instagram;
  if (instagram?.kind === 'native') {
    quotas.push(
      instagramPublishingQuota({
        ...nativeOptions(config, 'instagram', deps, instagram.apiVersion),
        baseUrl: graphBaseUrl(deps, instagram.graphHost),
      }),
    );
  }
  return allQuotas(...quotas);
}

function nativeOptions(
  config: ClientConfig,
  network: Network,
  deps: PublisherDeps,
  apiVersion: string | undefined,
): NativePublisherOptions {
  return {
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs,
    now: deps.now,
    sleep: deps.sleep,
    tokens: deps.tokens,
    account: nativeAccount(config, network),
    apiVersion,
  };
}

/** The Graph API's host: a stand-in's in tests, else the configured one (Instagram Login's host). */
export function graphBaseUrl(deps: PublisherDeps, host: string | undefined): string | undefined {
  return deps.baseUrls?.graph ?? (host ? `https://${host}` : undefined);
}
