import type { ReplayLine } from '../../replay/input.ts';

/** A small shitstorm in French, for `vigie demo`: enough negative mentions to open an incident. */
const ANGRY = [
  'Trois jours sans réseau et aucune explication, c’est inadmissible',
  'Arnaque totale, remboursez-moi mon abonnement',
  'Plus jamais chez vous, service client inexistant',
  'C’est une honte, toujours pas de connexion depuis lundi',
  'Je résilie demain, vous êtes nuls #boycott',
  'Encore une panne ??? Vous vous moquez de nous',
  'Service client injoignable, 2h d’attente pour rien 😡',
  'Lamentable. Je vais porter plainte',
];
const HAPPY = ['Super boutique à Lyon, merci pour l’accueil ❤️', 'Livraison rapide, top !'];

export function demoStorm(now: Date, count = 30): ReplayLine[] {
  const networks = ['x', 'instagram', 'facebook'] as const;
  return Array.from({ length: count }, (_, index): ReplayLine => {
    const negative = index % 6 !== 5;
    const pool = negative ? ANGRY : HAPPY;
    return {
      type: 'mention',
      id: `demo-${now.getTime()}-${index}`,
      at: new Date(now.getTime() - (count - index) * 20_000).toISOString(),
      network: networks[index % networks.length]!,
      text: pool[index % pool.length]!,
      lang: 'fr',
      author: { handle: `@client${index}`, followers: 100 + index * 37 },
    };
  });
}
