import { KPI_DEFINITIONS, type KpiName, type KpiUnit } from './kpis.ts';

/** How a KPI reads in an email or a report, in the client's language. */
export type Language = 'fr' | 'en';

export function kpiUnit(name: KpiName): KpiUnit {
  return KPI_DEFINITIONS[name].unit;
}

const LABELS: Record<KpiName, Record<Language, string>> = {
  impressions: { fr: 'Impressions', en: 'Impressions' },
  reach: { fr: 'Portée', en: 'Reach' },
  likes: { fr: 'J’aime', en: 'Likes' },
  comments: { fr: 'Commentaires', en: 'Comments' },
  shares: { fr: 'Partages', en: 'Shares' },
  saves: { fr: 'Enregistrements', en: 'Saves' },
  clicks: { fr: 'Clics', en: 'Clicks' },
  videoViews: { fr: 'Vues vidéo', en: 'Video views' },
  watchTimeSeconds: { fr: 'Temps de visionnage', en: 'Watch time' },
  engagements: { fr: 'Engagements', en: 'Engagements' },
  engagementRateByReach: { fr: 'Taux d’engagement (portée)', en: 'Engagement rate (reach)' },
  engagementRateByFollowers: { fr: 'Taux d’engagement (abonnés)', en: 'Engagement rate (followers)' },
  followers: { fr: 'Abonnés', en: 'Followers' },
  followerGrowth: { fr: 'Nouveaux abonnés', en: 'Follower growth' },
  followerGrowthPercent: { fr: 'Croissance des abonnés', en: 'Follower growth (%)' },
  profileViews: { fr: 'Vues du profil', en: 'Profile views' },
  clickThroughRate: { fr: 'Taux de clic', en: 'Click-through rate' },
  postsPublished: { fr: 'Publications', en: 'Posts published' },
  mentions: { fr: 'Mentions', en: 'Mentions' },
  negativeMentions: { fr: 'Mentions négatives', en: 'Negative mentions' },
  neutralMentions: { fr: 'Mentions neutres', en: 'Neutral mentions' },
  positiveMentions: { fr: 'Mentions positives', en: 'Positive mentions' },
  negativeShare: { fr: 'Part négative', en: 'Negative share' },
  neutralShare: { fr: 'Part neutre', en: 'Neutral share' },
  positiveShare: { fr: 'Part positive', en: 'Positive share' },
  netSentiment: { fr: 'Sentiment net', en: 'Net sentiment' },
  brandMentions: { fr: 'Mentions de la marque', en: 'Brand mentions' },
  competitorMentions: { fr: 'Mentions des concurrents', en: 'Competitor mentions' },
  shareOfVoice: { fr: 'Part de voix', en: 'Share of voice' },
  responseTimeMedianMinutes: { fr: 'Temps de réponse médian', en: 'Median response time' },
  responseTimeP90Minutes: { fr: 'Temps de réponse (p90)', en: 'Response time (p90)' },
};

export function kpiLabel(name: KpiName, language: Language): string {
  return LABELS[name][language];
}

function locale(language: Language): string {
  return language === 'fr' ? 'fr-FR' : 'en-GB';
}

/** A number as people read it (French: `1 234,5`). */
export function formatNumber(value: number, language: Language, maximumFractionDigits = 2): string {
  return value.toLocaleString(locale(language), { maximumFractionDigits });
}

/** A KPI value with its unit; `—` when undefined for the period. */
export function formatKpi(name: KpiName, value: number | null | undefined, language: Language): string {
  if (value === null || value === undefined) return '—';
  switch (kpiUnit(name)) {
    case 'percent':
      return `${formatNumber(value, language)}${language === 'fr' ? '\u202f%' : '%'}`;
    case 'minutes':
      return `${formatNumber(value, language, 0)} min`;
    case 'seconds':
      return `${formatNumber(Math.round(value / 60), language, 0)} min`;
    case 'count':
      return formatNumber(value, language, 0);
  }
}

/** "la semaine du 23 févr. 2026", "February 2026"…: a period named from its first local day. */
export function describePeriod(period: 'day' | 'week' | 'month', start: string, language: Language): string {
  const date = new Date(`${start}T12:00:00Z`);
  if (period === 'month') {
    return date.toLocaleDateString(locale(language), { timeZone: 'UTC', month: 'long', year: 'numeric' });
  }
  const day = date.toLocaleDateString(locale(language), {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  if (language === 'fr') return period === 'day' ? `le ${day}` : `la semaine du ${day}`;
  return period === 'day' ? day : `the week of ${day}`;
}

export function describeNetwork(network: string, language: Language): string {
  if (network !== 'all') return network;
  return language === 'fr' ? 'tous réseaux' : 'all networks';
}
