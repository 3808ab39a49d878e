import { describe, expect, it } from 'vitest';
import { loadClientConfig } from '../../../shared/config/client-config.ts';
import { alertOf } from '../../../shared/domain/alerts/alerts.ts';
import { renderAlertEmail } from '../../../shared/domain/alerts/email.ts';
import { buildMime } from '../../../shared/domain/alerts/mime.ts';
import { loadEventFixture } from '../events/fixtures.ts';

const config = loadClientConfig('clients/example.json');
const opened = { name: 'incidentOpened' as const, detail: loadEventFixture('incident.opened') };

const reminder = { name: 'incidentReminder' as const, detail: loadEventFixture('incident.reminder') };

describe('alert emails', () => {
  it('puts the 24-hour chart as an inline PNG, the most visible mentions, the words and the acknowledge link', () => {
    const email = renderAlertEmail(reminder, config, {
      acknowledgeUrl: 'https://api.example.com/incidents/inc-1/acknowledge?sig=abc',
    });
    expect(email.subject).toBe('[Vigie] Rappel : crise majeure toujours en cours pour Maison Exemple');
    expect(email.images).toHaveLength(1);
    const png = Buffer.from(email.images[0]!.png);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(600); // IHDR width
    expect(png.readUInt32BE(20)).toBe(220); // IHDR height
    expect(png.subarray(-8, -4).toString('ascii')).toBe('IEND');
    expect(email.html).toContain('src="cid:chart-24h"');
    expect(email.text).toContain('[x] @lucie_dtr (18400): « Trois jours sans réseau');
    expect(email.text).toContain('https://x.com/lucie_dtr/status/1764000000000000000');
    expect(email.text).toContain('mots qui reviennent : réseau, panne, #boycott');
    expect(email.text).toContain('audience des auteurs négatifs : 48');
    expect(email.html).toContain('href="https://api.example.com/incidents/inc-1/acknowledge?sig=abc"');
  });

  it('sums the incident up in the all-clear', () => {
    const email = renderAlertEmail(
      { name: 'incidentResolved', detail: loadEventFixture('incident.resolved') },
      config,
    );
    expect(email.subject).toBe("[Vigie] Fin d'alerte pour Maison Exemple");
    expect(email.text).toContain('5 h 05');
    expect(email.text).toContain('pic : 118 mentions négatives par heure');
    expect(email.text).toContain('gravité maximale : critique');
    expect(email.images).toEqual([]);
  });

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

  it('names the KPI, its value and the worry line in the client’s language', () => {
    const event = { name: 'kpiThresholdCrossed' as const, detail: loadEventFixture('kpi.threshold.crossed') };
    const fr = renderAlertEmail(event, config);
    expect(fr.subject).toBe(
      '[Vigie] Taux d’engagement (portée) sous 1,5\u202f% (tous réseaux) pour Maison Exemple',
    );
    expect(fr.text).toContain(
      "Taux d’engagement (portée) (tous réseaux) vaut 1,21\u202f% pour la semaine du 23 févr. 2026, sous la ligne d'alerte de 1,5\u202f%.",
    );
    const en = renderAlertEmail(event, { ...config, client: { ...config.client, language: 'en' } });
    expect(en.subject).toBe('[Vigie] Engagement rate (reach) below 1.5% (all networks) for Maison Exemple');
    expect(en.text).toContain('was 1.21% for the week of 23 Feb 2026, below the worry line of 1.5%.');
  });

  it('tells which account to reconnect when its token stopped working', () => {
    const event = { name: 'accountAccessLost' as const, detail: loadEventFixture('account.access.lost') };
    const fr = renderAlertEmail(event, config);
    expect(fr.subject).toBe('[Vigie] Reconnecter le compte instagram de Maison Exemple');
    expect(fr.text).toContain('Instagram account 17841400000000000 (@maisonexemple)');
    expect(fr.text).toContain('Session has expired');
    const en = renderAlertEmail(event, { ...config, client: { ...config.client, language: 'en' } });
    expect(en.subject).toBe('[Vigie] Reconnect the instagram account of Maison Exemple');
  });
});
