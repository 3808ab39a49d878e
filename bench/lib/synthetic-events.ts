import type { Network } from '../../shared/config/client-config.ts';
import type { ReplayLine } from '../../shared/replay/input.ts';

/**
 * Seeded synthetic event streams for benchmarks and tests: mentions at a base hourly rate that
 * follows a daily rhythm, optional storms of negative mentions, and hourly metrics snapshots.
 */
export interface SyntheticOptions {
  seed: number;
  start: string;
  hours: number;
  mentionsPerHour: number;
  storms?: { startHour: number; hours: number; negativePerHour: number }[];
  posts?: number;
}

/** mulberry32: small, fast and good enough for reproducible test data. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NETWORKS: Network[] = ['instagram', 'facebook', 'x', 'tiktok', 'linkedin'];
const NEUTRAL = [
  'Vous ouvrez à quelle heure dimanche ?',
  'C’est dispo en taille 38 ?',
  '@lea regarde ça',
  'Livraison en Belgique possible ?',
];
const POSITIVE = [
  'Trop bien cette collection 😍',
  'Merci pour l’accueil en boutique !',
  'Franchement rien à redire, top',
  'J’adore ❤️',
];
const NEGATIVE = [
  'Commande jamais reçue, arnaque',
  'Service client injoignable, c’est une honte',
  'Plus jamais chez vous 😡',
  'Remboursez-moi !!!',
];

/** The daily rhythm: quiet at night, busy at lunch and in the evening (Paris hours, roughly). */
function dailyFactor(hourOfDay: number): number {
  return 0.3 + 1.4 * Math.exp(-((hourOfDay - 13) ** 2) / 18) + 1.2 * Math.exp(-((hourOfDay - 20) ** 2) / 8);
}

export function syntheticEvents(options: SyntheticOptions): ReplayLine[] {
  const rand = random(options.seed);
  const start = Date.parse(options.start);
  const events: ReplayLine[] = [];
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  let sequence = 0;
  const mention = (at: number, label: 'negative' | 'neutral' | 'positive'): ReplayLine => {
    sequence += 1;
    const text = pick(label === 'negative' ? NEGATIVE : label === 'positive' ? POSITIVE : NEUTRAL);
    return {
      type: 'mention',
      id: `syn-${options.seed}-${sequence}`,
      at: new Date(at).toISOString(),
      network: pick(NETWORKS),
      text,
      lang: 'fr',
      author: {
        handle: `@user${Math.floor(rand() * 50_000)}`,
        followers: Math.floor(50 + rand() ** 3 * 20_000),
      },
      sentiment: label,
    };
  };

  for (let hour = 0; hour < options.hours; hour++) {
    const hourStart = start + hour * 3_600_000;
    const expected = options.mentionsPerHour * dailyFactor(new Date(hourStart).getUTCHours());
    const count = Math.floor(expected) + (rand() < expected % 1 ? 1 : 0);
    for (let i = 0; i < count; i++) {
      const r = rand();
      events.push(
        mention(hourStart + rand() * 3_600_000, r < 0.1 ? 'negative' : r < 0.6 ? 'neutral' : 'positive'),
      );
    }
    for (const storm of options.storms ?? []) {
      if (hour < storm.startHour || hour >= storm.startHour + storm.hours) continue;
      for (let i = 0; i < storm.negativePerHour; i++)
        events.push(mention(hourStart + rand() * 3_600_000, 'negative'));
    }
    for (let post = 0; post < (options.posts ?? 0); post++) {
      const age = hour + 1;
      const reach = Math.floor(800 * Math.log1p(age) * (1 + post / 3));
      events.push({
        type: 'metrics',
        id: `syn-${options.seed}-p${post}-h${hour}`,
        at: new Date(hourStart).toISOString(),
        network: NETWORKS[post % NETWORKS.length]!,
        postId: `post-${post}`,
        counters: {
          impressions: Math.floor(reach * 1.3),
          reach,
          likes: Math.floor(reach * 0.04),
          comments: Math.floor(reach * 0.005),
          shares: Math.floor(reach * 0.002),
          saves: Math.floor(reach * 0.003),
        },
      });
    }
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

export function toJsonl(events: readonly ReplayLine[]): string {
  return `${events.map((event) => JSON.stringify(event)).join('\n')}\n`;
}
