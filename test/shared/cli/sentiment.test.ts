import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runSentiment } from '../../../shared/cli/commands/sentiment.ts';

function collect() {
  let text = '';
  return {
    stream: new Writable({
      write(chunk, _encoding, done) {
        text += chunk;
        done();
      },
    }),
    lines: () => text.split('\n').filter(Boolean),
  };
}

describe('vigie sentiment', () => {
  it('writes one {"id","label","score"} line per valid input line and reports the bad ones', async () => {
    const input = Readable.from(
      [
        '{"id":"1","text":"Arnaque totale, remboursez-moi !!!"}',
        '{"id":"2","text":"Love it so much","lang":"en"}',
        'not json',
        '{"id":"3"}',
        '',
        '{"id":"4","text":"Vous ouvrez dimanche ?","lang":"fr"}',
      ].join('\n'),
    );
    const output = collect();
    const errors = collect();
    const summary = await runSentiment(input, output.stream, errors.stream);
    const results = output.lines().map((line) => JSON.parse(line));
    expect(results.map((r) => [r.id, r.label])).toEqual([
      ['1', 'negative'],
      ['2', 'positive'],
      ['4', 'neutral'],
    ]);
    expect(results[0].score).toBeLessThan(0);
    expect(Object.keys(results[0])).toEqual(['id', 'label', 'score']);
    expect(errors.lines()).toEqual([
      'line 3: not valid JSON',
      'line 4: text: Invalid input: expected string, received undefined',
    ]);
    expect(summary).toEqual({ lines: 6, failed: 2 });
  });
});
