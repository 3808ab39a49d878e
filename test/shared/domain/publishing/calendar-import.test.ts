import { describe, expect, it } from 'vitest';
import { parseCalendar, parseCsv } from '../../../../shared/domain/publishing/calendar-import.ts';

const PARIS = 'Europe/Paris';

describe('calendar CSV', () => {
  it('parses quotes, doubled quotes, commas and newlines inside fields, and semicolon files', () => {
    expect(parseCsv('a,b\n"x, ""y""","multi\nline"\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"', 'multi\nline'] },
    ]);
    expect(parseCsv('\uFEFFdate;text\r\n2027-01-01;Bonjour, le monde\r\n')).toEqual([
      { line: 1, fields: ['date', 'text'] },
      { line: 2, fields: ['2027-01-01', 'Bonjour, le monde'] },
    ]);
  });

  it('turns good rows into API requests (local time, next free slot when no time) and reports each bad row with its line', () => {
    const csv = [
      'date,time,networks,text,link,pillar,campaign,media',
      '2027-03-26,09:30,instagram;facebook,"Le printemps arrive, en boutique 🌷",https://example.com/printemps,produit,printemps,https://cdn.example.com/a.jpg https://cdn.example.com/b.mp4',
      '2027-03-27,,x,Sans heure : prochain créneau libre,,,,',
      '2027-13-01,10:00,x,Mois impossible,,,,',
      '2027-03-28,25:00,x,Heure impossible,,,,',
      '2027-03-28,02:30,x,Heure qui n’existe pas (changement d’heure),,,,',
      '2027-03-28,10:00,myspace,Réseau inconnu,,,,',
      '2027-03-28,10:00,x,,,,,',
      '2027-03-28,10:00,x,"Lien",ftp://example.com/file,,,',
      '2027-03-28,10:00,x,Trop de champs,,,,,extra',
      '',
    ].join('\n');
    const { rows, problems } = parseCalendar(csv, PARIS);
    expect(rows.map((row) => row.line)).toEqual([2, 3]);
    expect(rows[0]!.input).toEqual({
      text: 'Le printemps arrive, en boutique 🌷',
      networks: ['instagram', 'facebook'],
      scheduledFor: '2027-03-26T08:30:00.000Z',
      links: ['https://example.com/printemps'],
      media: [
        { url: 'https://cdn.example.com/a.jpg', kind: 'image' },
        { url: 'https://cdn.example.com/b.mp4', kind: 'video' },
      ],
      pillar: 'produit',
      campaign: 'printemps',
    });
    expect(rows[1]!.input.scheduledFor).toBeUndefined();
    expect(rows[0]!.idempotencyKey).toMatch(/^import-[0-9a-f]{40}$/);
    expect(problems).toEqual([
      { line: 4, reason: 'date: expected YYYY-MM-DD' },
      { line: 5, reason: 'time: expected HH:MM (24-hour), or empty for the next free slot' },
      { line: 6, reason: 'time: 2027-03-28 02:30 does not exist in Europe/Paris (daylight-saving change)' },
      {
        line: 7,
        reason: 'networks: "myspace" is not a network (instagram, facebook, x, tiktok, linkedin, youtube)',
      },
      { line: 8, reason: 'text: must not be empty' },
      { line: 9, reason: 'link: an http(s) URL' },
      { line: 10, reason: '9 fields, the header has 8' },
    ]);
  });

  it('gives the same row the same idempotency key (importing twice queues nothing twice)', () => {
    const csv = 'date,networks,text\n2027-04-01,x,Bonjour\n';
    expect(parseCalendar(csv, PARIS).rows[0]!.idempotencyKey).toBe(
      parseCalendar(csv, PARIS).rows[0]!.idempotencyKey,
    );
  });

  it('refuses a header with unknown or missing columns, saying which', () => {
    expect(parseCalendar('date,texte,networks\n2027-04-01,Bonjour,x\n', PARIS).problems).toEqual([
      {
        line: 1,
        reason:
          'unknown column(s) texte; missing column(s) text (expected date,time,networks,text,link,pillar,campaign,media)',
      },
    ]);
    expect(parseCalendar('', PARIS).problems).toEqual([{ line: 1, reason: 'the file is empty' }]);
  });
});
