import type { ClientConfig } from '../../config/client-config.ts';
import type { AlertEvent } from './alerts.ts';

/** Subject, plain text and HTML of an alert email, in the client's language. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Language = ClientConfig['client']['language'];

const SEVERITY_NAMES: Record<Language, Record<string, string>> = {
  fr: { minor: 'mineure', major: 'majeure', critical: 'critique' },
  en: { minor: 'minor', major: 'major', critical: 'critical' },
};

function formatTime(iso: string, config: ClientConfig): string {
  return new Intl.DateTimeFormat(config.client.language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: config.client.timeZone,
  }).format(new Date(iso));
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

export function renderAlertEmail(event: AlertEvent, config: ClientConfig): RenderedEmail {
  const fr = config.client.language === 'fr';
  const brand = config.client.displayName;
  const lines: string[] = [];
  let subject: string;

  switch (event.name) {
    case 'incidentOpened':
    case 'incidentEscalated': {
      const d = event.detail;
      const severity = SEVERITY_NAMES[config.client.language][d.severity];
      subject =
        event.name === 'incidentOpened'
          ? fr
            ? `[Vigie] Crise ${severity} en cours pour ${brand}`
            : `[Vigie] ${severity} crisis under way for ${brand}`
          : fr
            ? `[Vigie] La crise s'aggrave (${severity}) pour ${brand}`
            : `[Vigie] Crisis escalated to ${severity} for ${brand}`;
      lines.push(
        fr ? `Depuis ${formatTime(d.at, config)} :` : `As of ${formatTime(d.at, config)}:`,
        fr
          ? `- ${d.negativePerHour} mentions négatives sur la dernière heure (habituellement ${d.usualNegativePerHour})`
          : `- ${d.negativePerHour} negative mentions in the last hour (usually ${d.usualNegativePerHour})`,
        fr
          ? `- part négative : ${percent(d.negativeShare)} (habituellement ${percent(d.usualNegativeShare)})`
          : `- negative share: ${percent(d.negativeShare)} (usually ${percent(d.usualNegativeShare)})`,
        fr ? `- réseaux : ${d.networks.join(', ') || '—'}` : `- networks: ${d.networks.join(', ') || '—'}`,
      );
      if (config.crisis.playbook.length) {
        lines.push('', fr ? 'Premières étapes :' : 'First steps:');
        config.crisis.playbook.forEach((step, index) => {
          lines.push(`${index + 1}. ${step}`);
        });
      }
      break;
    }
    case 'incidentResolved': {
      const d = event.detail;
      subject = fr ? `[Vigie] Fin d'alerte pour ${brand}` : `[Vigie] All clear for ${brand}`;
      lines.push(
        fr
          ? `L'incident ouvert le ${formatTime(d.openedAt, config)} est terminé (${formatTime(d.at, config)}).`
          : `The incident opened on ${formatTime(d.openedAt, config)} is over (${formatTime(d.at, config)}).`,
        fr
          ? `- pic : ${d.peakNegativePerHour} mentions négatives par heure`
          : `- peak: ${d.peakNegativePerHour} negative mentions per hour`,
        fr ? `- réseaux : ${d.networks.join(', ') || '—'}` : `- networks: ${d.networks.join(', ') || '—'}`,
      );
      break;
    }
    case 'kpiThresholdCrossed': {
      const d = event.detail;
      const side = d.worryLine.below !== undefined ? (fr ? 'sous' : 'below') : fr ? 'au-dessus de' : 'above';
      const line = d.worryLine.below ?? d.worryLine.above;
      subject = fr
        ? `[Vigie] ${d.kpi} ${side} ${line} pour ${brand}`
        : `[Vigie] ${d.kpi} ${side} ${line} for ${brand}`;
      lines.push(
        fr
          ? `${d.kpi} (${d.period}, ${d.network}) vaut ${d.value}, ${side} la ligne d'alerte ${line}.`
          : `${d.kpi} (${d.period}, ${d.network}) is ${d.value}, ${side} the worry line ${line}.`,
      );
      break;
    }
    case 'publicationFailed': {
      const d = event.detail;
      subject = fr
        ? `[Vigie] Échec de publication sur ${d.network}`
        : `[Vigie] Publication failed on ${d.network}`;
      lines.push(
        fr
          ? `La publication ${d.publicationId} n'a pas pu être publiée sur ${d.network} après ${d.attempts} tentative(s).`
          : `Publication ${d.publicationId} could not be published on ${d.network} after ${d.attempts} attempt(s).`,
        fr ? `Raison : ${d.reason}` : `Reason: ${d.reason}`,
      );
      break;
    }
  }

  const text = `${lines.join('\n')}\n\n— Vigie\n`;
  const html = `<!doctype html><html><body style="font-family:sans-serif"><h2>${escapeHtml(subject)}</h2>${lines
    .map((line) => `<p style="margin:4px 0">${escapeHtml(line)}</p>`)
    .join('')}<p style="color:#888">— Vigie</p></body></html>`;
  return { subject, text, html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
