import { readFileSync } from 'node:fs';

/** Versioned example events (test/fixtures/events/v1/<detail-type>.json) that consumer tests load. */
export function loadEventFixture<T = never>(detailType: string, version = 'v1'): T {
  return JSON.parse(readFileSync(`test/fixtures/events/${version}/${detailType}.json`, 'utf8')) as T;
}
