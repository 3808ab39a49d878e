/**
 * Reads a required environment variable at init: a missing one fails the cold start, loudly.
 * In a module of its own so that a function which needs no client configuration (the authorizer)
 * does not bundle its zod schema.
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
}
