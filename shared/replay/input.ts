import * as z from 'zod/mini';
import { accountSnapshotSchema, mentionSchema, metricsSnapshotSchema } from '../events/catalog.ts';

/** One line of a replay file (also the shape of the `standard` webhook's `data`, plus `type`). */
export const replayLineSchema = z.discriminatedUnion('type', [
  z.extend(mentionSchema, { type: z.literal('mention') }),
  z.extend(metricsSnapshotSchema, { type: z.literal('metrics') }),
  z.extend(accountSnapshotSchema, { type: z.literal('account') }),
]);
export type ReplayLine = z.infer<typeof replayLineSchema>;

export type ParsedLine =
  | { ok: true; line: number; value: ReplayLine }
  | { ok: false; line: number; reason: string };

/** Parses one line; a bad line gets a reason that names the field and the problem. */
export function parseReplayLine(text: string, line: number): ParsedLine | undefined {
  if (!text.trim()) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, line, reason: `not valid JSON (${(error as Error).message})` };
  }
  const result = replayLineSchema.safeParse(json);
  if (result.success) return { ok: true, line, value: result.data };
  const reason = result.error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, line, reason };
}
