import { createInterface } from 'node:readline';
import * as z from 'zod/mini';
import '../../config/zod-english-messages.ts';
import { analyzeSentiment } from '../../sentiment/index.ts';

const inputLineSchema = z.object({
  id: z.string().check(z.minLength(1)),
  text: z.string(),
  lang: z.optional(z.enum(['fr', 'en'])),
});

/** `vigie sentiment`: JSONL in, one `{"id","label","score"}` line out per valid line; bad lines reported. */
export async function runSentiment(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  errors: NodeJS.WritableStream,
): Promise<{ lines: number; failed: number }> {
  let lines = 0;
  let failed = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lines += 1;
    if (!text.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      failed += 1;
      errors.write(`line ${lines}: not valid JSON\n`);
      continue;
    }
    const parsed = inputLineSchema.safeParse(json);
    if (!parsed.success) {
      failed += 1;
      const reason = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      errors.write(`line ${lines}: ${reason}\n`);
      continue;
    }
    const result = analyzeSentiment(parsed.data.text, parsed.data.lang);
    output.write(
      `${JSON.stringify({ id: parsed.data.id, label: result.label, score: Math.round(result.score * 1000) / 1000 })}\n`,
    );
  }
  return { lines, failed };
}
