import { FolderRawArchive } from '../../adapters/raw-archive.ts';
import { loadClientConfig } from '../../config/client-config.ts';
import { reingest } from '../../domain/ingress/reingest.ts';
import { wallClock } from '../../local/clock.ts';
import { createLocalStack, dataFolders } from '../../local/local-stack.ts';
import { quietLambdaTooling } from '../quiet.ts';

export interface ReingestOptions {
  from: string;
  to: string;
  client: string;
  data: string;
}

/**
 * `vigie reingest` on the local stack's data: re-derives events from the archived raw bodies and puts
 * them through the pipeline (with `vigie start` stopped: the embedded database is single-process).
 */
export async function runReingest(
  options: ReingestOptions,
  log: (line: string) => void = console.log,
): Promise<void> {
  quietLambdaTooling();
  const config = loadClientConfig(options.client);
  const stack = await createLocalStack({
    config,
    clock: wallClock,
    ...dataFolders(options.data),
    deliverImmediately: false,
  });
  try {
    const summary = await reingest(
      new FolderRawArchive(dataFolders(options.data).archiveDir),
      stack.bus,
      options.from,
      options.to,
      (id, reason) => log(`delivery ${id}: ${reason}`),
    );
    await stack.bus.drain();
    log(
      `reingested ${summary.deliveries} deliveries: ${summary.events} events put on the bus again, ${summary.failed} failed`,
    );
  } finally {
    await stack.close();
  }
}
