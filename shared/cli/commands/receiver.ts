import { join } from 'node:path';
import { loadClientConfig } from '../../config/client-config.ts';
import { ensureDevSecrets } from '../../local/dev-secrets.ts';
import { startWebhookReceiver } from '../../local/webhook-receiver.ts';

export interface ReceiverOptions {
  port: number;
  client: string;
  data: string;
}

/**
 * `vigie receiver`: the reference receiver on loopback, with the local secrets of the webhook
 * publishers and outbound webhooks, printing what arrives. Point `publishers.<network>.url` at
 * `<url>/publish` and `outboundWebhooks[].url` at `<url>/events` in a local client file.
 */
export async function runReceiver(
  options: ReceiverOptions,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  const config = loadClientConfig(options.client);
  const env = ensureDevSecrets(config, join(options.data, 'secrets.json'), process.env);
  const receiver = await startWebhookReceiver({
    port: options.port,
    publisherSecret: env.VIGIE_SECRET_PUBLISHER,
    outboundSecret: env.VIGIE_SECRET_OUTBOUND,
    onPost: (post) =>
      log(`post ${post.externalId} (webhook-id ${post.webhookId}): ${JSON.stringify(post.body)}`),
    onEvent: (event) => log(`event (webhook-id ${event.webhookId}): ${JSON.stringify(event.body)}`),
  });
  log(`receiver on ${receiver.url}`);
  log(
    `  POST/GET ${receiver.url}/publish  ${env.VIGIE_SECRET_PUBLISHER ? '(VIGIE_SECRET_PUBLISHER)' : '(disabled: no webhook publisher in the client file and no VIGIE_SECRET_PUBLISHER)'}`,
  );
  log(
    `  POST     ${receiver.url}/events   ${env.VIGIE_SECRET_OUTBOUND ? '(VIGIE_SECRET_OUTBOUND)' : '(disabled: no outbound webhook in the client file and no VIGIE_SECRET_OUTBOUND)'}`,
  );
  return receiver.close;
}
