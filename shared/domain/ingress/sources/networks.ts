import type { Network } from '../../../config/client-config.ts';

/**
 * Scheduling tools name networks their own way ("facebook_page", "LINKEDINCOMPANY",
 * "instagram-business", "twitter"…): the name's letters decide. Unknown ones are skipped, not fatal.
 */
const PREFIXES: [string, Network][] = [
  ['facebook', 'facebook'],
  ['instagram', 'instagram'],
  ['twitter', 'x'],
  ['linkedin', 'linkedin'],
  ['tiktok', 'tiktok'],
  ['youtube', 'youtube'],
];

export function networkOf(name: string | undefined): Network | undefined {
  if (!name) return undefined;
  const letters = name.toLowerCase().replace(/[^a-z]/g, '');
  if (letters === 'x') return 'x';
  return PREFIXES.find(([prefix]) => letters.startsWith(prefix))?.[1];
}
