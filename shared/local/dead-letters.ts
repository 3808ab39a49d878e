import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DeadLetter {
  functionId: string;
  reason: string;
  attempts: number;
  event: unknown;
  at: string;
}

/** The local stand-in of the DLQs: kept in memory and, for `vigie start`, appended to .vigie/dlq/. */
export class DeadLetters {
  readonly letters: DeadLetter[] = [];

  constructor(private readonly dir?: string) {}

  async add(letter: DeadLetter): Promise<void> {
    this.letters.push(letter);
    if (!this.dir) return;
    await mkdir(this.dir, { recursive: true });
    await appendFile(join(this.dir, `${letter.functionId}.jsonl`), `${JSON.stringify(letter)}\n`);
  }
}
