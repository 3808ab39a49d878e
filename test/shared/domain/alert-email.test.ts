import { describe, expect, it } from 'vitest';
import { loadClientConfig } from '../../../shared/config/client-config.ts';
import { alertOf } from '../../../shared/domain/alerts/alerts.ts';
import { renderAlertEmail } from '../../../shared/domain/alerts/email.ts';
import { buildMime } from '../../../shared/domain/alerts/mime.ts';
import { loadEventFixture } from '../events/fixtures.ts';

const config = loadClientConfig('clients/example.json');
const opened = { name: 'incidentOpened' as const, detail: loadEventFixture('incident.opened') };

describe('alert emails', () => {
  it('renders an opening email in the client’s language with the numbers and the playbook', () => {
    const email = renderAlertEmail(opened, config);
    expect(email.subject).toBe('[Vigie] Crise majeure en cours pour Maison Exemple');
    expect(email.text).toContain('42 mentions négatives sur la dernière heure (habituellement 3.5)');
    expect(email.text).toContain('part négative : 71 % (habituellement 12 %)');
    expect(email.text).toContain(`1. ${config.crisis.playbook[0]}`);
    expect(email.html).not.toContain('<script');
  });

  it('renders English for an English-speaking client', () => {
    const english = { ...config, client: { ...config.client, language: 'en' as const } };
    expect(renderAlertEmail(opened, english).subject).toBe(
      '[Vigie] major crisis under way for Maison Exemple',
    );
  });

  it('gives the same alert the same key, whatever the delivery', () => {
    const alert = alertOf(opened);
    expect(alert).toMatchObject({ kind: 'crisis.opened', key: 'crisis.opened#inc-202603021015#major' });
    expect(alertOf(structuredClone(opened)).key).toBe(alert.key);
  });

  it('builds a MIME message with encoded subject, text and HTML parts, and inline images', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const raw = buildMime({
      from: 'vigie@example.com',
      to: ['a@example.com', 'b@example.com'],
      subject: 'Crise en cours — été',
      text: 'Texte accentué',
      html: '<p>HTML <img src="cid:chart"></p>',
      date: new Date('2026-03-02T10:15:00Z'),
      messageKey: 'k',
      images: [{ contentId: 'chart', filename: 'chart.png', png }],
    });
    expect(raw).toContain('To: a@example.com, b@example.com');
    expect(raw).toMatch(/^Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/m);
    const subject = /^Subject: =\?UTF-8\?B\?(.+)\?=$/m.exec(raw)![1]!;
    expect(Buffer.from(subject, 'base64').toString('utf8')).toBe('Crise en cours — été');
    expect(raw).toContain('Content-Type: multipart/related');
    expect(raw).toContain('Content-ID: <chart>');
    expect(raw).toContain(Buffer.from(png).toString('base64'));
    expect(raw.split('\r\n').every((line) => line.length <= 998)).toBe(true);
  });
});
