import { describe, expect, it } from 'vitest';
import { type ClientConfigError, parseClientConfig } from '../../../shared/config/client-config.ts';
import { mentionSchema } from '../../../shared/events/catalog.ts';

/**
 * zod/mini has no messages of its own ("Invalid input" for everything): the English ones come from
 * shared/config/zod-english-messages.ts, which client-config.ts imports. This file does not import it
 * itself, so it fails if the schemas stop reaching it.
 */
describe("zod's English messages", () => {
  it('a missing field says what was expected and what came', () => {
    const result = mentionSchema.safeParse({ at: '2026-03-02T10:00:00Z', network: 'x', text: 'hi' });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['id', 'Invalid input: expected string, received undefined'],
    ]);
  });

  it('bounds, formats and options name the rule', () => {
    const result = mentionSchema.safeParse({
      id: '',
      at: 'yesterday',
      network: 'myspace',
      text: 'hi',
      author: { handle: 'ana', followers: 1.5 },
    });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['id', 'Too small: expected string to have >=1 characters'],
      ['at', 'Invalid ISO datetime'],
      ['network', 'Invalid option: expected one of "instagram"|"facebook"|"x"|"tiktok"|"linkedin"|"youtube"'],
      ['author.followers', 'Invalid input: expected int, received number'],
    ]);
  });

  it('the config loader prints them, field by field', () => {
    let problems: string[] = [];
    try {
      parseClientConfig({ client: { name: 'acme', language: 'de' } });
    } catch (error) {
      problems = (error as ClientConfigError).problems;
    }
    expect(problems.slice(0, 3)).toEqual([
      'client.displayName: Invalid input: expected string, received undefined',
      'client.language: Invalid option: expected one of "fr"|"en"',
      'client.timeZone: Invalid input: expected string, received undefined',
    ]);
  });
});
