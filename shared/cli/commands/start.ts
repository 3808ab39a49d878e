import { join } from 'node:path';
import { loadClientConfig } from '../../config/client-config.ts';
import { wallClock } from '../../local/clock.ts';
import { devSecretNames, ensureDevSecrets } from '../../local/dev-secrets.ts';
import { startLocalHttpServer } from '../../local/http-server.ts';
import { createLocalStack, dataFolders } from '../../local/local-stack.ts';
import { quietLambdaTooling } from '../quiet.ts';

export interface StartOptions {
  port: number;
  client: string;
  data: string;
  verbose: boolean;
}

/** `vigie start`: the whole stack on this machine until Ctrl-C. */
export async function runStart(
  options: StartOptions,
  log: (line: string) => void = console.log,
): Promise<() => Promise<void>> {
  const config = loadClientConfig(options.client);
  quietLambdaTooling(options.verbose);
  const env = ensureDevSecrets(config, join(options.data, 'secrets.json'), process.env);
  const folders = dataFolders(options.data);
  const stack = await createLocalStack({
    config,
    clock: wallClock,
    ...folders,
    deliverImmediately: true,
    env,
    apiUrl: `http://127.0.0.1:${options.port}`,
    onMail: log,
    onDelivery: (functionId, events, failed) => {
      if (failed) log(`⚠  ${functionId}: ${failed} of ${events} event(s) failed (retried, then .vigie/dlq/)`);
      else if (options.verbose) log(`→  ${functionId}: ${events} event(s)`);
    },
  });
  const http = await startLocalHttpServer(stack.consumers, { port: options.port, onRequest: log });
  stack.scheduler.start();

  log(`Vigie local stack for ${config.client.displayName} (${options.client})`);
  log(`  listening on ${http.url}`);
  for (const route of http.routes) {
    log(
      `    ${route.method.padEnd(6)} ${http.url}${route.path}${route.auth ? '  (Authorization: Bearer $VIGIE_API_KEY)' : ''}`,
    );
  }
  log(
    `  data: ${folders.dynamoPath} · mailbox: ${folders.mailDir} · dead letters: ${folders.deadLetterDir} · raw webhook archive: ${folders.archiveDir}`,
  );
  log(
    `  secrets: ${devSecretNames(config).join(', ')} (from the environment, else ${join(options.data, 'secrets.json')})`,
  );
  log('  try it: npx vigie demo   ·   stop: Ctrl-C');

  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      await http.close();
      await stack.close();
    })();
    return stopping;
  };
}
