import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DeadLetter, DeadLetters } from '../../../shared/local/dead-letters.ts';

const letter = (functionId: string): DeadLetter => ({
  functionId,
  reason: 'boom',
  attempts: 3,
  event: { id: functionId },
  at: '2026-12-01T10:00:00.000Z',
});

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the local DLQ stand-in', () => {
  it('takes the letters of the functions asked for (a capability’s, for `vigie redrive --queue <capability>`) and leaves the others', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigie-dlq-'));
    const written = new DeadLetters(dir);
    for (const id of ['recordMentions', 'detectSpikes', 'sendAlertEmail']) await written.add(letter(id));

    const taken = await new DeadLetters(dir).take(['recordMentions', 'detectSpikes']);
    expect(taken.map((entry) => entry.functionId).sort()).toEqual(['detectSpikes', 'recordMentions']);
    expect(await readdir(dir)).toEqual(['sendAlertEmail.jsonl']);
    expect((await new DeadLetters(dir).take()).map((entry) => entry.functionId)).toEqual(['sendAlertEmail']);
  });

  it('in memory too', async () => {
    const letters = new DeadLetters();
    await letters.add(letter('recordMentions'));
    await letters.add(letter('sendAlertEmail'));
    expect((await letters.take(['sendAlertEmail'])).map((entry) => entry.functionId)).toEqual([
      'sendAlertEmail',
    ]);
    expect(letters.letters.map((entry) => entry.functionId)).toEqual(['recordMentions']);
  });
});
