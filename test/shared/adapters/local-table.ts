import { afterAll, beforeAll } from 'vitest';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/local/dynamo.ts';

/** A fresh in-memory dynalite per test file, reached through the real AWS SDK clients. */
export function useLocalTable(): { current: LocalDynamo } {
  const holder = {} as { current: LocalDynamo };
  beforeAll(async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    holder.current = await startLocalDynamo();
  });
  afterAll(async () => {
    await holder.current.close();
  });
  return holder;
}
