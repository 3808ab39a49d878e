import type { ClientConfig, Network } from '../../config/client-config.ts';
import type { RenderedEmail } from '../alerts/email.ts';
import { escapeHtml } from '../alerts/email.ts';
import { dateTimeFormat } from '../time-formats.ts';
import { contentFor } from './content.ts';
import type { Publication } from './publication.ts';

/**
 * The approval emails: the post as it will appear on each network (its text for that network,
 * media, links, when), with the reviewer's own signed approve and reject links; and the notes to
 * the team when a request lapsed or was rejected.
 */
const NETWORK_NAMES: Record<Network, string> = {
  instagram: 'Instagram',
  facebook: 'Facebook',
  x: 'X',
  tiktok: 'TikTok',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
};

function formatTime(iso: string, config: ClientConfig, timeZone: string): string {
  return dateTimeFormat(config.client.language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}

interface Section {
  title: string;
  lines: string[];
  quote?: string;
}

function render(
  subject: string,
  intro: string[],
  sections: Section[],
  buttons: { label: string; href: string; color: string }[],
): RenderedEmail {
  const text = [
    ...intro,
    '',
    ...sections.flatMap((section) => [
      `== ${section.title} ==`,
      ...(section.quote ? [section.quote, ''] : []),
      ...section.lines,
      '',
    ]),
    ...buttons.map((button) => `${button.label} : ${button.href}`),
    '',
    '— Vigie',
    '',
  ].join('\n');
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;color:#2d3436;max-width:640px"><h2>${escapeHtml(subject)}</h2>` +
    intro.map((line) => `<p>${escapeHtml(line)}</p>`).join('') +
    sections
      .map(
        (section) =>
          `<h3>${escapeHtml(section.title)}</h3>` +
          (section.quote
            ? `<blockquote style="white-space:pre-wrap;border-left:4px solid #0984e3;margin:8px 0;padding:8px 12px;background:#f5f6fa">${escapeHtml(section.quote)}</blockquote>`
            : '') +
          section.lines.map((line) => `<p style="margin:4px 0">${escapeHtml(line)}</p>`).join(''),
      )
      .join('') +
    buttons
      .map(
        (button) =>
          `<p style="display:inline-block;margin-right:12px"><a href="${escapeHtml(button.href)}" style="background:${button.color};color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">${escapeHtml(button.label)}</a></p>`,
      )
      .join('') +
    '<p style="color:#888">— Vigie</p></body></html>';
  return { subject, text, html, images: [] };
}

export function renderReviewRequest(
  publication: Publication,
  config: ClientConfig,
  options: { approveUrl: string; rejectUrl: string; reminder: boolean },
): RenderedEmail {
  const fr = config.client.language === 'fr';
  const zone = publication.timeZone;
  const networks = publication.networks.map((network) => NETWORK_NAMES[network]).join(', ');
  const subject = options.reminder
    ? fr
      ? `[Vigie] Rappel : publication à valider sur ${networks}`
      : `[Vigie] Reminder: publication to approve on ${networks}`
    : fr
      ? `[Vigie] Publication à valider sur ${networks}`
      : `[Vigie] Publication to approve on ${networks}`;
  const expires = publication.review ? formatTime(publication.review.expiresAt, config, zone) : '';
  const intro = [
    fr
      ? `${publication.author} propose une publication pour ${config.client.displayName}${publication.campaign ? ` (campagne ${publication.campaign})` : ''}${publication.pillar ? `, pilier ${publication.pillar}` : ''}.`
      : `${publication.author} proposes a publication for ${config.client.displayName}${publication.campaign ? ` (campaign ${publication.campaign})` : ''}${publication.pillar ? `, pillar ${publication.pillar}` : ''}.`,
    fr
      ? `Sans réponse avant le ${expires}, elle repasse en brouillon.`
      : `Without an answer by ${expires}, it goes back to draft.`,
  ];
  const sections = publication.networks.map((network): Section => {
    const content = contentFor(publication, network);
    const when = publication.outcomes[network]?.scheduledFor;
    return {
      title: NETWORK_NAMES[network],
      quote: content.text,
      lines: [
        ...(when
          ? [
              fr
                ? `Publication prévue le ${formatTime(when, config, zone)}`
                : `Due ${formatTime(when, config, zone)}`,
            ]
          : []),
        `${fr ? 'Caractères' : 'Characters'} : ${[...content.text].length}`,
        ...content.media.map(
          (media) =>
            `${media.kind === 'video' ? (fr ? 'Vidéo' : 'Video') : 'Image'} : ${media.url}${media.altText ? ` (${media.altText})` : ''}`,
        ),
        ...content.links.map((link) => `${fr ? 'Lien' : 'Link'} : ${link}`),
        ...content.problems.map(
          (problem) =>
            `⚠ ${fr ? 'Refusé par le réseau en l’état' : 'The network would refuse it'} : ${problem}`,
        ),
      ],
    };
  });
  return render(subject, intro, sections, [
    { label: fr ? 'Approuver' : 'Approve', href: options.approveUrl, color: '#00b894' },
    {
      label: fr ? 'Refuser (avec un commentaire)' : 'Reject (with a comment)',
      href: options.rejectUrl,
      color: '#d63031',
    },
  ]);
}

export function renderReviewClosed(
  publication: Publication,
  config: ClientConfig,
  outcome: { kind: 'expired' } | { kind: 'rejected'; reviewer: string; comment: string },
): RenderedEmail {
  const fr = config.client.language === 'fr';
  const subject =
    outcome.kind === 'expired'
      ? fr
        ? '[Vigie] Validation expirée : publication repassée en brouillon'
        : '[Vigie] Approval lapsed: publication back to draft'
      : fr
        ? `[Vigie] Publication refusée par ${outcome.reviewer}`
        : `[Vigie] Publication rejected by ${outcome.reviewer}`;
  const lines =
    outcome.kind === 'expired'
      ? [
          fr
            ? `Personne n’a validé la publication ${publication.publicationId} à temps : elle est repassée en brouillon et ne sera pas publiée.`
            : `Nobody approved publication ${publication.publicationId} in time: it is back to draft and will not be published.`,
          fr
            ? 'Modifiez-la (PATCH /publications/{id}) pour la soumettre à nouveau, avec une nouvelle date si besoin.'
            : 'Edit it (PATCH /publications/{id}) to submit it again, with a new time if needed.',
        ]
      : [
          fr
            ? `La publication ${publication.publicationId} est repassée en brouillon.`
            : `Publication ${publication.publicationId} is back to draft.`,
          `${fr ? 'Commentaire' : 'Comment'} : ${outcome.comment || '—'}`,
        ];
  return render(subject, lines, [{ title: fr ? 'Texte' : 'Text', quote: publication.text, lines: [] }], []);
}
