import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface DeadLetter {
  functionId: string;
  reason: string;
  /** The queue message id, for queue consumers: their log line of that id says why it failed. */
  messageId?: string;
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

  /**
   * Takes letters out (of the folder when there is one, else of memory), for `vigie redrive`: what
   * fails again is added back by the bus. `functionIds` limits it to those functions' letters.
   */
  async take(functionIds?: readonly string[]): Promise<DeadLetter[]> {
    const matches = (letter: DeadLetter) => !functionIds || functionIds.includes(letter.functionId);
    const inMemory = this.letters.filter(matches);
    this.letters.splice(0, this.letters.length, ...this.letters.filter((letter) => !matches(letter)));
    if (!this.dir) return inMemory;
    let files: string[];
    try {
      files = await readdir(this.dir);
    } catch {
      return [];
    }
    const taken: DeadLetter[] = [];
    for (const file of files.filter((name) => name.endsWith('.jsonl')).sort()) {
      if (functionIds && !functionIds.includes(file.replace(/\.jsonl$/, ''))) continue;
      const path = join(this.dir, file);
      const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line.trim());
      taken.push(...lines.map((line) => JSON.parse(line) as DeadLetter));
      await rm(path);
    }
    return taken;
  }
}
