import type { ClientConfig } from '../../config/client-config.ts';
import { describeNetwork, describePeriod, formatKpi, kpiLabel } from '../metrics/kpi-labels.ts';
import { isKpiName } from '../metrics/kpis.ts';
import { dateTimeFormat } from '../time-formats.ts';
import type { AlertEvent } from './alerts.ts';
import { negativeMentionsChart } from './chart.ts';
import type { InlineImage } from './mime.ts';

/** Subject, plain text, HTML and inline images of an alert email, in the client's language. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  images: InlineImage[];
}

type Language = ClientConfig['client']['language'];

const SEVERITY_NAMES: Record<Language, Record<string, string>> = {
  fr: { minor: 'mineure', major: 'majeure', critical: 'critique' },
  en: { minor: 'minor', major: 'major', critical: 'critical' },
};

function formatTime(iso: string, config: ClientConfig): string {
  return dateTimeFormat(config.client.language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: config.client.timeZone,
  }).format(new Date(iso));
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** A block of the email: a title and lines; the text and HTML versions are built from the same blocks. */
interface Block {
  title?: string;
  lines: string[];
  links?: { label: string; href: string }[];
}

export function renderAlertEmail(
  event: AlertEvent,
  config: ClientConfig,
  options: { acknowledgeUrl?: string } = {},
): RenderedEmail {
  const fr = config.client.language === 'fr';
  const brand = config.client.displayName;
  const blocks: Block[] = [];
  const images: InlineImage[] = [];
  let subject: string;

  switch (event.name) {
    case 'incidentOpened':
    case 'incidentEscalated':
    case 'incidentReminder': {
      const d = event.detail;
      const severity = SEVERITY_NAMES[config.client.language][d.severity];
      subject = {
        incidentOpened: fr
          ? `[Vigie] Crise ${severity} en cours pour ${brand}`
          : `[Vigie] ${severity} crisis under way for ${brand}`,
        incidentEscalated: fr
          ? `[Vigie] La crise s'aggrave (${severity}) pour ${brand}`
          : `[Vigie] Crisis escalated to ${severity} for ${brand}`,
        incidentReminder: fr
          ? `[Vigie] Rappel : crise ${severity} toujours en cours pour ${brand}`
          : `[Vigie] Reminder: ${severity} crisis still under way for ${brand}`,
      }[event.name];
      const slow = d.window === 'slow';
      blocks.push({
        lines: [
          fr ? `Au ${formatTime(d.at, config)} :` : `As of ${formatTime(d.at, config)}:`,
          fr
            ? `- ${d.negativePerHour} mentions négatives sur la dernière heure (habituellement ${d.usualNegativePerHour})`
            : `- ${d.negativePerHour} negative mentions in the last hour (usually ${d.usualNegativePerHour})`,
          fr
            ? `- part négative : ${percent(d.negativeShare)} (habituellement ${percent(d.usualNegativeShare)})`
            : `- negative share: ${percent(d.negativeShare)} (usually ${percent(d.usualNegativeShare)})`,
          ...(slow
            ? [fr ? '- montée lente sur les dernières 24 heures' : '- a slow build-up over the last 24 hours']
            : []),
          fr ? `- réseaux : ${d.networks.join(', ') || '—'}` : `- networks: ${d.networks.join(', ') || '—'}`,
          ...(d.negativeReach
            ? [
                fr
                  ? `- audience des auteurs négatifs : ${d.negativeReach.toLocaleString('fr-FR')} abonnés`
                  : `- reach of negative authors: ${d.negativeReach.toLocaleString('en-GB')} followers`,
              ]
            : []),
          ...(d.terms?.length
            ? [
                fr
                  ? `- mots qui reviennent : ${d.terms.join(', ')}`
                  : `- recurring words: ${d.terms.join(', ')}`,
              ]
            : []),
        ],
      });
      if (d.hourly?.length) {
        images.push({
          contentId: 'chart-24h',
          filename: 'negative-24h.png',
          png: negativeMentionsChart(d.hourly),
        });
      }
      if (d.topMentions?.length) {
        blocks.push({
          title: fr ? 'Mentions négatives les plus visibles' : 'Most visible negative mentions',
          lines: d.topMentions.map(
            (mention) =>
              `- [${mention.network}] ${mention.handle ?? ''}${mention.followers !== undefined ? ` (${mention.followers})` : ''}: « ${mention.text} »${mention.url ? ` ${mention.url}` : ''}`,
          ),
        });
      }
      if (config.crisis.playbook.length) {
        blocks.push({
          title: fr ? 'Premières étapes' : 'First steps',
          lines: config.crisis.playbook.map((step, index) => `${index + 1}. ${step}`),
        });
      }
      if (options.acknowledgeUrl) {
        blocks.push({
          lines: [fr ? 'Prendre en charge (arrête les rappels) :' : 'Acknowledge (stops the reminders):'],
          links: [{ label: fr ? 'Je prends en charge' : 'I’m on it', href: options.acknowledgeUrl }],
        });
      }
      break;
    }
    case 'incidentResolved': {
      const d = event.detail;
      subject = fr ? `[Vigie] Fin d'alerte pour ${brand}` : `[Vigie] All clear for ${brand}`;
      const minutes = Math.round((Date.parse(d.at) - Date.parse(d.openedAt)) / 60_000);
      blocks.push({
        lines: [
          fr
            ? `L'incident ouvert le ${formatTime(d.openedAt, config)} est terminé (${formatTime(d.at, config)}, ${formatDuration(minutes, fr)}).`
            : `The incident opened on ${formatTime(d.openedAt, config)} is over (${formatTime(d.at, config)}, ${formatDuration(minutes, fr)}).`,
          fr
            ? `- gravité maximale : ${SEVERITY_NAMES.fr[d.severity]}`
            : `- highest severity: ${SEVERITY_NAMES.en[d.severity]}`,
          fr
            ? `- pic : ${d.peakNegativePerHour} mentions négatives par heure (habituellement ${d.usualNegativePerHour})`
            : `- peak: ${d.peakNegativePerHour} negative mentions per hour (usually ${d.usualNegativePerHour})`,
          fr ? `- réseaux : ${d.networks.join(', ') || '—'}` : `- networks: ${d.networks.join(', ') || '—'}`,
        ],
      });
      break;
    }
    case 'kpiThresholdCrossed': {
      const d = event.detail;
      const language = config.client.language;
      const kpi = isKpiName(d.kpi) ? d.kpi : undefined;
      const label = kpi ? kpiLabel(kpi, language) : d.kpi;
      const show = (value: number) => (kpi ? formatKpi(kpi, value, language) : String(value));
      const bound = d.crossed === 'below' ? d.worryLine.below : d.worryLine.above;
      const side = d.crossed === 'below' ? (fr ? 'sous' : 'below') : fr ? 'au-dessus de' : 'above';
      const period = describePeriod(d.period, d.periodStart.slice(0, 10), language);
      const network = describeNetwork(d.network, language);
      subject = fr
        ? `[Vigie] ${label} ${side} ${show(bound ?? d.value)} (${network}) pour ${brand}`
        : `[Vigie] ${label} ${side} ${show(bound ?? d.value)} (${network}) for ${brand}`;
      blocks.push({
        lines: [
          fr
            ? `${label} (${network}) vaut ${show(d.value)} pour ${period}, ${side} la ligne d'alerte de ${show(bound ?? d.value)}.`
            : `${label} (${network}) was ${show(d.value)} for ${period}, ${side} the worry line of ${show(bound ?? d.value)}.`,
          fr
            ? `Indicateur : ${d.kpi} · période : ${d.period} · début : ${d.periodStart}`
            : `KPI: ${d.kpi} · period: ${d.period} · start: ${d.periodStart}`,
        ],
      });
      break;
    }
    case 'publicationFailed': {
      const d = event.detail;
      subject = fr
        ? `[Vigie] Échec de publication sur ${d.network}`
        : `[Vigie] Publication failed on ${d.network}`;
      blocks.push({
        lines: [
          fr
            ? `La publication ${d.publicationId} n'a pas pu être publiée sur ${d.network} après ${d.attempts} tentative(s).`
            : `Publication ${d.publicationId} could not be published on ${d.network} after ${d.attempts} attempt(s).`,
          fr ? `Raison : ${d.reason}` : `Reason: ${d.reason}`,
        ],
      });
      break;
    }
    case 'accountAccessLost': {
      const d = event.detail;
      subject = fr
        ? `[Vigie] Reconnecter le compte ${d.network} de ${brand}`
        : `[Vigie] Reconnect the ${d.network} account of ${brand}`;
      blocks.push({
        lines: [
          fr
            ? `Vigie ne peut plus publier sur ${d.account} : son jeton d'accès ne fonctionne plus. Reconnectez le compte (nouveau jeton dans Parameter Store, sous le nom que donne la configuration) avant le prochain créneau.`
            : `Vigie can no longer publish to ${d.account}: its access token no longer works. Reconnect the account (a new token in Parameter Store, under the name the configuration gives) before the next slot.`,
          fr ? `Réponse du réseau : ${d.reason}` : `The network answered: ${d.reason}`,
        ],
      });
      break;
    }
  }

  const text = `${blocks
    .map((block) =>
      [
        ...(block.title ? [`${block.title} :`] : []),
        ...block.lines,
        ...(block.links ?? []).map((link) => `${link.label} : ${link.href}`),
      ].join('\n'),
    )
    .join('\n\n')}\n\n— Vigie\n`;
  const chart = images[0]
    ? `<p><img src="cid:${images[0].contentId}" width="600" height="220" alt="${escapeHtml(fr ? 'Mentions négatives par heure sur 24 heures (barres) et niveau habituel (traits)' : 'Negative mentions per hour over 24 hours (bars) and usual level (ticks)')}"></p>`
    : '';
  const html = `<!doctype html><html><body style="font-family:sans-serif;color:#2d3436"><h2>${escapeHtml(subject)}</h2>${blocks
    .map((block, index) =>
      [
        block.title ? `<h3>${escapeHtml(block.title)}</h3>` : '',
        ...block.lines.map((line) => `<p style="margin:4px 0">${linkify(escapeHtml(line))}</p>`),
        ...(block.links ?? []).map(
          (link) =>
            `<p><a href="${escapeHtml(link.href)}" style="background:#d63031;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">${escapeHtml(link.label)}</a></p>`,
        ),
        index === 0 ? chart : '',
      ].join(''),
    )
    .join('')}<p style="color:#888">— Vigie</p></body></html>`;
  return { subject, text, html, images };
}

function formatDuration(minutes: number, fr: boolean): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return fr ? `${hours} h ${String(rest).padStart(2, '0')}` : `${hours} h ${rest} min`;
}

function linkify(escaped: string): string {
  return escaped.replace(/https:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
