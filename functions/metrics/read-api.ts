import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';

/** What the metrics read routes share: local-date parameters, range checks and 400s naming the parameter. */
export const localDate = z.iso.date({ message: 'a local date YYYY-MM-DD' });

export function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function badRequest(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): APIGatewayProxyStructuredResultV2 {
  return json(400, {
    error: 'invalid query parameters',
    issues: issues.map((issue) => ({ path: issue.path.join('.') || '(query)', message: issue.message })),
  });
}

/** `from` not after `to`, and at most `maxDays` days from one to the other (both included). */
export function rangeIssues(
  from: string,
  to: string,
  maxDays: number,
): { path: string[]; message: string }[] {
  if (from > to) return [{ path: ['from'], message: '"from" must not be after "to"' }];
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  return days > maxDays ? [{ path: ['to'], message: `at most ${maxDays} days from "from" to "to"` }] : [];
}
