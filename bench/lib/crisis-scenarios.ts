import type { Network } from '../../shared/config/client-config.ts';
import type { ReplayLine } from '../../shared/replay/input.ts';
import { random } from './synthetic-events.ts';

/**
 * Seeded crisis scenarios: a brand's mentions with a daily and weekly rhythm (Paris time), and what
 * happens on top: storms, slow burns, viral positive spikes, neutral campaigns, data gaps. Labels
 * are given (as a listening tool would): the scenarios test detection, not sentiment.
 */
export interface Overlay {
  kind: 'storm' | 'slowBurn' | 'viral' | 'campaign' | 'gap';
  /** Hours from the start of the scenario. */
  startHour: number;
  hours: number;
  /** Extra mentions per hour (at the peak, for a slow burn); unused for a gap. */
  perHour: number;
}

export interface Scenario {
  name: string;
  brand: 'small' | 'medium' | 'large';
  perHour: number;
  days: number;
  seed: number;
  overlays: Overlay[];
}

export const START = '2026-03-02T00:00:00Z'; // a Monday
const NETWORKS: Network[] = ['instagram', 'facebook', 'x', 'tiktok', 'linkedin'];
const TEXTS = {
  negative: [
    'Arnaque, remboursez-moi',
    'Service client injoignable, honteux',
    'Plus jamais chez vous',
    'Encore une panne ???',
  ],
  neutral: ['Vous ouvrez dimanche ?', 'Dispo en 38 ?', '@lea regarde', 'Livraison en Belgique ?'],
  positive: ['Trop bien 😍', 'Merci pour l’accueil', 'Top, rien à redire', 'J’adore ❤️'],
};

/** Relative activity by hour (Paris) and weekday: quiet nights, lunch and evening peaks, calmer weekends. */
export function rhythm(t: number): number {
  const date = new Date(t);
  const hour = (date.getUTCHours() + 1) % 24;
  const daily = 0.3 + 1.4 * Math.exp(-((hour - 13) ** 2) / 18) + 1.2 * Math.exp(-((hour - 20) ** 2) / 8);
  return daily * ([0, 6].includes(date.getUTCDay()) ? 0.7 : 1);
}

export function scenarioEvents(scenario: Scenario): ReplayLine[] {
  const rand = random(scenario.seed);
  const start = Date.parse(START);
  const events: ReplayLine[] = [];
  let sequence = 0;
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const add = (t: number, label: 'negative' | 'neutral' | 'positive') => {
    sequence += 1;
    events.push({
      type: 'mention',
      id: `${scenario.name}-${sequence}`,
      at: new Date(t).toISOString(),
      network: pick(NETWORKS),
      text: pick(TEXTS[label]),
      lang: 'fr',
      author: {
        handle: `@u${Math.floor(rand() * 100_000)}`,
        followers: Math.floor(30 + rand() ** 4 * 50_000),
      },
      sentiment: label,
    });
  };
  const count = (mean: number) => Math.floor(mean) + (rand() < mean % 1 ? 1 : 0);

  for (let minute = 0; minute < scenario.days * 24 * 60; minute += 5) {
    const t = start + minute * 60_000;
    const hour = minute / 60;
    const active = (o: Overlay) => hour >= o.startHour && hour < o.startHour + o.hours;
    if (scenario.overlays.some((o) => o.kind === 'gap' && active(o))) continue;
    const place = () => t + rand() * 300_000;
    // the ordinary mentions: 10 % negative, 50 % neutral, 40 % positive
    for (let i = count((scenario.perHour * rhythm(t)) / 12); i > 0; i--) {
      const r = rand();
      add(place(), r < 0.1 ? 'negative' : r < 0.6 ? 'neutral' : 'positive');
    }
    for (const overlay of scenario.overlays.filter(active)) {
      const progress = (hour - overlay.startHour) / overlay.hours;
      switch (overlay.kind) {
        case 'storm':
          for (let i = count(overlay.perHour / 12); i > 0; i--)
            add(place(), rand() < 0.85 ? 'negative' : 'neutral');
          break;
        case 'slowBurn':
          for (let i = count((overlay.perHour * progress) / 12); i > 0; i--) add(place(), 'negative');
          break;
        case 'viral':
          for (let i = count(overlay.perHour / 12); i > 0; i--)
            add(place(), rand() < 0.03 ? 'negative' : rand() < 0.7 ? 'positive' : 'neutral');
          break;
        case 'campaign':
          for (let i = count(overlay.perHour / 12); i > 0; i--) {
            const r = rand();
            add(place(), r < 0.1 ? 'negative' : r < 0.6 ? 'neutral' : 'positive');
          }
          break;
        case 'gap':
          break;
      }
    }
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

const SIZES = { small: 3, medium: 60, large: 600 } as const;

/** The benchmark's scenarios: every kind for a medium brand, the key ones for small and large brands. */
export function crisisScenarios(): Scenario[] {
  const scenarios: Scenario[] = [];
  let seed = 100;
  const add = (brand: keyof typeof SIZES, name: string, days: number, overlays: Overlay[]) =>
    scenarios.push({ name: `${brand}-${name}`, brand, perHour: SIZES[brand], days, seed: seed++, overlays });
  const storm = (perHour: number, startHour: number, hours = 3): Overlay => ({
    kind: 'storm',
    startHour,
    hours,
    perHour,
  });

  add('small', 'quiet-month', 30, []);
  add('small', 'sharp-storm', 10, [storm(8, 7 * 24 + 14)]);
  add('small', 'two-storms', 30, [storm(10, 6 * 24 + 11), storm(12, 20 * 24 + 18)]);
  add('medium', 'quiet-month', 30, []);
  add('medium', 'sharp-storm', 10, [storm(120, 7 * 24 + 10)]);
  add('medium', 'night-storm', 10, [storm(60, 6 * 24 + 2)]);
  add('medium', 'slow-burn', 10, [{ kind: 'slowBurn', startHour: 5 * 24 + 8, hours: 40, perHour: 30 }]);
  add('medium', 'viral-positive', 10, [{ kind: 'viral', startHour: 6 * 24 + 12, hours: 6, perHour: 900 }]);
  add('medium', 'neutral-campaign', 10, [
    { kind: 'campaign', startHour: 6 * 24 + 9, hours: 10, perHour: 300 },
  ]);
  add('medium', 'data-gap', 10, [{ kind: 'gap', startHour: 5 * 24 + 20, hours: 14, perHour: 0 }]);
  add('medium', 'two-storms', 30, [storm(150, 8 * 24 + 10), storm(100, 19 * 24 + 15)]);
  add('large', 'sharp-storm', 7, [storm(900, 5 * 24 + 11, 4)]);
  add('large', 'viral-positive', 7, [{ kind: 'viral', startHour: 5 * 24 + 12, hours: 6, perHour: 6_000 }]);
  return scenarios;
}

/** The hours a storm (or slow burn) is on: alerts inside (or up to 2 h after) count as detections. */
export function crisisWindows(scenario: Scenario): { start: number; end: number }[] {
  const start = Date.parse(START);
  return scenario.overlays
    .filter((o) => o.kind === 'storm' || o.kind === 'slowBurn')
    .map((o) => ({
      start: start + o.startHour * 3_600_000,
      end: start + (o.startHour + o.hours + 2) * 3_600_000,
    }));
}
