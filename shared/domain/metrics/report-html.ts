import {
  type ChartFormat,
  hourOfWeekHeatmap,
  networkComparisonChart,
  reachAndEngagementChart,
  sentimentMixChart,
} from '../alerts/chart.ts';
import { escapeHtml } from '../alerts/email.ts';
import type { InlineImage } from '../alerts/mime.ts';
import {
  describeNetwork,
  describePeriod,
  formatKpi,
  formatNumber,
  kpiLabel,
  kpiUnit,
  type Language,
} from './kpi-labels.ts';
import type { KpiName } from './kpis.ts';
import {
  type KpiComparison,
  MINIMUM_REACH_FLOOR,
  type MonthlyReport,
  type RankedPost,
  type WorryLineReview,
} from './monthly-report.ts';

/** The monthly report rendered: the email's subject, text and HTML, and the chart images. */
export interface RenderedReport {
  subject: string;
  text: string;
  html: string;
  images: InlineImage[];
}

/**
 * `cid`: images referenced as inline MIME parts (the email); `data`: embedded as data: URIs (the
 * HTML file of `vigie report`, which opens anywhere without its images beside it).
 */
export type ImageMode = 'cid' | 'data';

/** KPIs for which a rise is bad news (the change is shown in red). */
const LOWER_IS_BETTER = new Set<KpiName>([
  'negativeMentions',
  'negativeShare',
  'competitorMentions',
  'responseTimeMedianMinutes',
  'responseTimeP90Minutes',
]);

const WEEKDAYS: Record<Language, string[]> = {
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

const ALERT_KINDS: Record<Language, Record<string, string>> = {
  fr: {
    'crisis.opened': 'crise(s) ouverte(s)',
    'crisis.escalated': 'aggravation(s)',
    'crisis.reminder': 'rappel(s)',
    'crisis.resolved': 'fin(s) d’alerte',
    'kpi.threshold': 'ligne(s) d’alerte franchie(s)',
    'publication.failed': 'échec(s) de publication',
  },
  en: {
    'crisis.opened': 'crisis opened',
    'crisis.escalated': 'escalation(s)',
    'crisis.reminder': 'reminder(s)',
    'crisis.resolved': 'all-clear(s)',
    'kpi.threshold': 'worry line crossing(s)',
    'publication.failed': 'failed publication(s)',
  },
};

function chartFormat(language: Language): ChartFormat {
  const decimal = (value: number) => formatNumber(value, language, 1).replace(/\s/g, '');
  return {
    count: (value) =>
      value >= 1_000_000
        ? `${decimal(value / 1_000_000)}M`
        : value >= 1_000
          ? `${decimal(value / 1_000)}K`
          : decimal(value),
    percent: (value) => `${decimal(value)}%`,
  };
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : text;
}

function changeText(comparison: KpiComparison, language: Language): string {
  if (comparison.change === null) return '—';
  if (kpiUnit(comparison.kpi) === 'percent') {
    return signed(`${formatNumber(comparison.change, language)} pt`, comparison.change);
  }
  if (comparison.changePercent === null)
    return signed(formatKpi(comparison.kpi, comparison.change, language), comparison.change);
  return signed(
    `${formatNumber(comparison.changePercent, language, 1)}${language === 'fr' ? '\u202f%' : '%'}`,
    comparison.changePercent,
  );
}

function changeColor(comparison: KpiComparison): string {
  if (!comparison.change) return '#636e72';
  const better = LOWER_IS_BETTER.has(comparison.kpi) ? comparison.change < 0 : comparison.change > 0;
  return better ? '#00864e' : '#d63031';
}

function hourRange(hour: number, language: Language): string {
  return language === 'fr' ? `${hour} h – ${hour + 1} h` : `${hour}:00–${hour + 1}:00`;
}

function betweenHours(hour: number, language: Language): string {
  return language === 'fr' ? `entre ${hour} h et ${hour + 1} h` : `between ${hour}:00 and ${hour + 1}:00`;
}

function worryLineText(review: WorryLineReview, language: Language): string {
  const { line } = review;
  const fr = language === 'fr';
  const kpi = line.kpi as KpiName;
  const bounds = [
    line.below !== undefined ? `${fr ? 'sous' : 'below'} ${formatKpi(kpi, line.below, language)}` : '',
    line.above !== undefined
      ? `${fr ? 'au-dessus de' : 'above'} ${formatKpi(kpi, line.above, language)}`
      : '',
  ]
    .filter(Boolean)
    .join(fr ? ' ou ' : ' or ');
  const per = {
    day: fr ? 'par jour' : 'per day',
    week: fr ? 'par semaine' : 'per week',
    month: fr ? 'sur le mois' : 'for the month',
  }[line.period];
  const unit = {
    day: fr ? 'jour(s)' : 'day(s)',
    week: fr ? 'semaine(s)' : 'week(s)',
    month: fr ? 'mois' : 'month',
  }[line.period];
  const head = `${kpiLabel(kpi, language)} ${per} (${describeNetwork(line.network, language)}), ${bounds}`;
  const colon = fr ? ' : ' : ': ';
  if (!review.periods) return `${head}${colon}${fr ? 'pas de données' : 'no data'}`;
  if (!review.crossings.length) {
    return `${head}${colon}${fr ? 'jamais franchie' : 'never crossed'} (${review.periods} ${unit})`;
  }
  const list = review.crossings
    .map(
      (crossing) =>
        `${describePeriod(line.period, crossing.start, language)}${colon}${formatKpi(kpi, crossing.value, language)}`,
    )
    .join(fr ? ' ; ' : '; ');
  return fr
    ? `${head} : franchie ${review.crossings.length} fois sur ${review.periods} ${unit} (${list})`
    : `${head}: crossed ${review.crossings.length} time(s) in ${review.periods} ${unit} (${list})`;
}

function publishedText(post: RankedPost, report: MonthlyReport): string {
  if (!post.publishedAt) return '—';
  return new Date(post.publishedAt).toLocaleString(report.language === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: report.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

function postsTable(posts: readonly RankedPost[], report: MonthlyReport): string {
  const fr = report.language === 'fr';
  const head = fr
    ? ['#', 'Réseau', 'Publication', 'Format', 'Pilier', 'Publiée', 'Portée', 'Engagements', 'Taux (portée)']
    : ['#', 'Network', 'Post', 'Format', 'Pillar', 'Published', 'Reach', 'Engagements', 'Rate (reach)'];
  const rows = posts.map((post, index) => {
    const name = post.permalink
      ? `<a href="${escapeHtml(post.permalink)}">${escapeHtml(post.postId)}</a>`
      : escapeHtml(post.postId);
    return [
      String(index + 1),
      escapeHtml(post.network),
      name,
      escapeHtml(post.format ?? '—'),
      escapeHtml(post.pillar ?? '—'),
      escapeHtml(publishedText(post, report)),
      formatKpi('reach', post.reach, report.language),
      formatKpi('engagements', post.engagements, report.language),
      formatKpi('engagementRateByReach', post.engagementRateByReach, report.language),
    ];
  });
  return table(head, rows, [6, 7, 8]);
}

function table(head: readonly string[], rows: readonly string[][], numeric: readonly number[] = []): string {
  const cell = (tag: 'th' | 'td', value: string, index: number) =>
    `<${tag} style="padding:4px 8px;border-bottom:1px solid #dfe6e9;text-align:${numeric.includes(index) ? 'right' : 'left'}">${value}</${tag}>`;
  return `<table style="border-collapse:collapse;font-size:14px;margin:8px 0"><tr>${head
    .map((value, index) => cell('th', escapeHtml(value), index))
    .join(
      '',
    )}</tr>${rows.map((row) => `<tr>${row.map((value, index) => cell('td', value, index)).join('')}</tr>`).join('')}</table>`;
}

interface Section {
  title: string;
  /** Lines of the plain-text version. */
  text: string[];
  /** HTML body of the section. */
  html: string;
}

export function renderMonthlyReport(report: MonthlyReport, mode: ImageMode): RenderedReport {
  const language = report.language;
  const fr = language === 'fr';
  const monthName = describePeriod('month', `${report.month}-01`, language);
  const previousName = describePeriod('month', `${report.previousMonth}-01`, language);
  const subject = fr
    ? `[Vigie] Rapport mensuel de ${report.brand} : ${monthName}`
    : `[Vigie] ${report.brand} monthly report: ${monthName}`;
  const format = chartFormat(language);
  const colon = fr ? ' : ' : ': ';

  const images: InlineImage[] = [
    {
      contentId: 'report-reach-engagement',
      filename: 'reach-engagement.png',
      png: reachAndEngagementChart(report.daily, format),
    },
    {
      contentId: 'report-sentiment',
      filename: 'sentiment-mix.png',
      png: sentimentMixChart(report.daily, format),
    },
    {
      contentId: 'report-networks',
      filename: 'networks.png',
      png: networkComparisonChart(report.networks, format),
    },
    {
      contentId: 'report-hours',
      filename: 'hours.png',
      png: hourOfWeekHeatmap(
        report.bestHours.grid,
        WEEKDAYS[language].map((day) => day.slice(0, 3)),
        report.bestHours.hours.map((hour) => hour.weekday * 24 + hour.hour),
      ),
    },
  ];
  const image = (contentId: string, alt: string, height: number) => {
    const found = images.find((candidate) => candidate.contentId === contentId)!;
    const src =
      mode === 'cid'
        ? `cid:${contentId}`
        : `data:image/png;base64,${Buffer.from(found.png).toString('base64')}`;
    return `<p><img src="${src}" width="600" height="${height}" alt="${escapeHtml(alt)}" style="max-width:100%;height:auto"></p>`;
  };

  const sections: Section[] = [];

  // KPIs against the previous month.
  const kpiRows = report.kpis.map((comparison) => [
    escapeHtml(kpiLabel(comparison.kpi, language)),
    formatKpi(comparison.kpi, comparison.value, language),
    formatKpi(comparison.kpi, comparison.previous, language),
    `<span style="color:${changeColor(comparison)}">${escapeHtml(changeText(comparison, language))}</span>`,
  ]);
  sections.push({
    title: fr ? `Les indicateurs de ${monthName}` : `KPIs for ${monthName}`,
    text: report.kpis.map(
      (comparison) =>
        `- ${kpiLabel(comparison.kpi, language)}${colon}${formatKpi(comparison.kpi, comparison.value, language)} (${previousName}${colon}${formatKpi(comparison.kpi, comparison.previous, language)}, ${changeText(comparison, language)})`,
    ),
    html: report.kpis.length
      ? table(
          [fr ? 'Indicateur' : 'KPI', monthName, previousName, fr ? 'Évolution' : 'Change'],
          kpiRows,
          [1, 2, 3],
        )
      : `<p>${fr ? 'Aucune donnée pour ce mois.' : 'No data for this month.'}</p>`,
  });

  // Worry lines and the alerts of the month.
  const worryLines = report.worryLines.map((review) => worryLineText(review, language));
  const alertCounts = Object.entries(report.alerts).map(
    ([kind, count]) => `${count} ${ALERT_KINDS[language][kind] ?? kind}`,
  );
  const alertLine = alertCounts.length
    ? `${fr ? 'Alertes envoyées ce mois-ci' : 'Alerts sent this month'}${colon}${alertCounts.join(', ')}`
    : fr
      ? 'Aucune alerte envoyée ce mois-ci.'
      : 'No alert sent this month.';
  sections.push({
    title: fr ? 'Lignes d’alerte' : 'Worry lines',
    text: [
      ...(worryLines.length
        ? worryLines.map((line) => `- ${line}`)
        : [fr ? '- aucune ligne configurée' : '- none configured']),
      alertLine,
    ],
    html: `${
      worryLines.length
        ? `<ul>${worryLines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`
        : `<p>${fr ? 'Aucune ligne d’alerte configurée.' : 'No worry line configured.'}</p>`
    }<p>${escapeHtml(alertLine)}</p>`,
  });

  // Charts.
  sections.push({
    title: fr ? 'Portée et taux d’engagement par jour' : 'Reach and engagement rate by day',
    text: [fr ? '(graphique dans la version HTML)' : '(chart in the HTML version)'],
    html: `${image('report-reach-engagement', fr ? 'Portée par jour (barres) et taux d’engagement par la portée (ligne)' : 'Reach per day (bars) and engagement rate by reach (line)', 240)}<p style="color:#636e72;font-size:13px">${
      fr
        ? '<span style="color:#74b9ff">■</span> portée (échelle de gauche) · <span style="color:#0984e3">■</span> taux d’engagement par la portée (échelle de droite)'
        : '<span style="color:#74b9ff">■</span> reach (left scale) · <span style="color:#0984e3">■</span> engagement rate by reach (right scale)'
    }</p>`,
  });
  const s = report.sentiment;
  const sentimentLine = fr
    ? `${formatNumber(s.mentions, language)} mentions : ${formatKpi('negativeShare', s.negativeShare, language)} négatives, ${formatKpi('neutralShare', s.neutralShare, language)} neutres, ${formatKpi('positiveShare', s.positiveShare, language)} positives ; sentiment net ${formatKpi('netSentiment', s.netSentiment, language)}`
    : `${formatNumber(s.mentions, language)} mentions: ${formatKpi('negativeShare', s.negativeShare, language)} negative, ${formatKpi('neutralShare', s.neutralShare, language)} neutral, ${formatKpi('positiveShare', s.positiveShare, language)} positive; net sentiment ${formatKpi('netSentiment', s.netSentiment, language)}`;
  sections.push({
    title: fr ? 'Sentiment des mentions' : 'Sentiment of mentions',
    text: [sentimentLine],
    html: `<p>${escapeHtml(sentimentLine)}</p>${image('report-sentiment', fr ? 'Part des mentions négatives, neutres et positives par jour' : 'Share of negative, neutral and positive mentions by day', 200)}<p style="color:#636e72;font-size:13px"><span style="color:#d63031">■</span> ${fr ? 'négatif' : 'negative'} · <span style="color:#b2bec3">■</span> ${fr ? 'neutre' : 'neutral'} · <span style="color:#00b894">■</span> ${fr ? 'positif' : 'positive'}</p>`,
  });
  const networkRows = report.networks.map((network) => [
    escapeHtml(network.network),
    formatKpi('reach', network.reach, language),
    formatKpi('engagements', network.engagements, language),
    formatKpi('engagementRateByReach', network.engagementRateByReach, language),
    formatKpi('engagementRateByReach', network.previousEngagementRateByReach, language),
    formatKpi('mentions', network.mentions, language),
  ]);
  sections.push({
    title: fr ? 'Par réseau' : 'By network',
    text: report.networks.map(
      (network) =>
        `- ${network.network}${colon}${fr ? 'portée' : 'reach'} ${formatKpi('reach', network.reach, language)}, ${fr ? 'taux d’engagement' : 'engagement rate'} ${formatKpi('engagementRateByReach', network.engagementRateByReach, language)} (${previousName}${colon}${formatKpi('engagementRateByReach', network.previousEngagementRateByReach, language)})`,
    ),
    html: report.networks.length
      ? `${image('report-networks', fr ? 'Portée (bleu) et taux d’engagement (orange) par réseau' : 'Reach (blue) and engagement rate (orange) by network', 240)}${table(
          fr
            ? ['Réseau', 'Portée', 'Engagements', 'Taux (portée)', `Taux ${previousName}`, 'Mentions']
            : ['Network', 'Reach', 'Engagements', 'Rate (reach)', `Rate ${previousName}`, 'Mentions'],
          networkRows,
          [1, 2, 3, 4, 5],
        )}`
      : `<p>${fr ? 'Pas de données par réseau.' : 'No data by network.'}</p>`,
  });

  // Posts.
  const shared = report.topPostsShare;
  const traits = [
    shared.format &&
      (fr
        ? `${shared.format.count} sur ${report.topPosts.length} au format ${shared.format.value}`
        : `${shared.format.count} of ${report.topPosts.length} in the ${shared.format.value} format`),
    shared.pillar &&
      (fr
        ? `${shared.pillar.count} sur ${report.topPosts.length} du pilier « ${shared.pillar.value} »`
        : `${shared.pillar.count} of ${report.topPosts.length} in the “${shared.pillar.value}” pillar`),
    shared.hour &&
      (fr
        ? `${shared.hour.count} sur ${report.topPosts.length} publiées ${betweenHours(Number(shared.hour.value), language)}`
        : `${shared.hour.count} of ${report.topPosts.length} published ${betweenHours(Number(shared.hour.value), language)}`),
  ].filter((trait): trait is string => Boolean(trait));
  const sharedLine = traits.length
    ? `${fr ? 'Ce qu’elles ont en commun : ' : 'What they share: '}${traits.join(fr ? ' ; ' : '; ')}.`
    : fr
      ? 'Pas de point commun net (format, pilier, heure).'
      : 'Nothing clearly shared (format, pillar, hour).';
  const reachRule = fr
    ? `Sur les ${report.postsOfMonth} publications du mois, celles qui ont une portée d’au moins ${formatNumber(report.minimumReach, language)} (la moitié de la portée médiane, ${MINIMUM_REACH_FLOOR} au moins) sont classées par taux d’engagement par la portée.`
    : `Of the month's ${report.postsOfMonth} posts, those with a reach of at least ${formatNumber(report.minimumReach, language)} (half the median reach, at least ${MINIMUM_REACH_FLOOR}) are ranked by engagement rate by reach.`;
  const postLine = (post: RankedPost, index: number) =>
    `${index + 1}. [${post.network}] ${post.postId} — ${formatKpi('engagementRateByReach', post.engagementRateByReach, language)}, ${fr ? 'portée' : 'reach'} ${formatKpi('reach', post.reach, language)}${post.format ? `, ${post.format}` : ''}${post.pillar ? `, ${post.pillar}` : ''}${post.permalink ? ` ${post.permalink}` : ''}`;
  sections.push({
    title: fr ? 'Les meilleures publications' : 'Top posts',
    text: report.topPosts.length
      ? [reachRule, ...report.topPosts.map(postLine), sharedLine]
      : [fr ? 'Aucune publication classée.' : 'No ranked post.'],
    html: report.topPosts.length
      ? `<p style="color:#636e72;font-size:13px">${escapeHtml(reachRule)}</p>${postsTable(report.topPosts, report)}<p>${escapeHtml(sharedLine)}</p>`
      : `<p>${fr ? 'Aucune publication classée ce mois-ci.' : 'No ranked post this month.'}</p>`,
  });
  sections.push({
    title: fr ? 'À retravailler' : 'To rework',
    text: report.postsToRework.length
      ? report.postsToRework.map(postLine)
      : [fr ? 'Pas assez de publications pour en désigner.' : 'Not enough posts to name any.'],
    html: report.postsToRework.length
      ? `<p style="color:#636e72;font-size:13px">${escapeHtml(fr ? 'Les taux d’engagement les plus bas, parmi les publications à portée suffisante.' : 'The lowest engagement rates, among posts with enough reach.')}</p>${postsTable(report.postsToRework, report)}`
      : `<p>${fr ? 'Pas assez de publications pour en désigner.' : 'Not enough posts to name any.'}</p>`,
  });

  // Best hours.
  const hours = report.bestHours.hours.map((slot) => {
    const score =
      report.bestHours.source === 'hourly-engagement'
        ? fr
          ? `${formatNumber(slot.score, language, 1)} engagements par heure en moyenne`
          : `${formatNumber(slot.score, language, 1)} engagements per hour on average`
        : fr
          ? `taux d’engagement moyen ${formatKpi('engagementRateByReach', slot.score, language)}`
          : `average engagement rate ${formatKpi('engagementRateByReach', slot.score, language)}`;
    return `${WEEKDAYS[language][slot.weekday]} ${hourRange(slot.hour, language)} (${score})`;
  });
  const hoursIntro = {
    'hourly-engagement': fr
      ? 'Quand votre audience s’engage (engagements par heure de la semaine, heure locale) :'
      : 'When your audience engages (engagements by hour of the week, local time):',
    posts: fr
      ? 'Heures de publication des publications les plus engageantes (heure locale) :'
      : 'Publication hours of the most engaging posts (local time):',
    none: fr ? 'Pas assez de données horaires.' : 'Not enough hourly data.',
  }[report.bestHours.source];
  sections.push({
    title: fr ? 'Les meilleures heures pour publier' : 'Best hours to publish',
    text: [hoursIntro, ...hours.map((hour) => `- ${hour}`)],
    html: `<p>${escapeHtml(hoursIntro)}</p>${hours.length ? `<ol>${hours.map((hour) => `<li>${escapeHtml(hour)}</li>`).join('')}</ol>${image('report-hours', fr ? 'Engagement par heure de la semaine (plus foncé = plus), meilleures heures encadrées' : 'Engagement by hour of the week (darker = more), best hours framed', 230)}` : ''}`,
  });

  const footer = fr
    ? `Heures et jours en ${report.timeZone}. Formules des indicateurs : docs/kpis.md.`
    : `Times and days in ${report.timeZone}. KPI formulas: docs/kpis.md.`;
  const text = `${subject.replace('[Vigie] ', '')}\n\n${sections
    .map((section) => [`${section.title}${fr ? ' :' : ':'}`, ...section.text].join('\n'))
    .join('\n\n')}\n\n${footer}\n— Vigie\n`;
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:sans-serif;color:#2d3436;max-width:760px;margin:auto;padding:12px"><h1 style="font-size:22px">${escapeHtml(
    fr ? `Rapport mensuel — ${monthName}` : `Monthly report — ${monthName}`,
  )}</h1><p style="color:#636e72">${escapeHtml(report.brand)} · ${escapeHtml(fr ? `comparé à ${previousName}` : `compared with ${previousName}`)}</p>${sections
    .map(
      (section) =>
        `<h2 style="font-size:18px;margin-top:24px">${escapeHtml(section.title)}</h2>${section.html}`,
    )
    .join(
      '',
    )}<p style="color:#888;font-size:12px;margin-top:24px">${escapeHtml(footer)} — Vigie</p></body></html>`;
  return { subject, text, html, images };
}
