import { createHash } from 'node:crypto';
import { localTimeSchema, NETWORKS, type Network } from '../../config/client-config.ts';
import { fromLocal } from './local-time.ts';
import { type PublicationInput, publicationInputSchema } from './requests.ts';

/**
 * A content calendar exported as CSV (`date,time,networks,text,link,pillar,campaign,media`):
 * every row is checked and turned into the same request the HTTP API takes. A bad row is reported
 * with its line and reason; the others go on. Dates and times are local to the client's time zone;
 * an empty time takes the next free posting slot.
 */
export const CALENDAR_COLUMNS = [
  'date',
  'time',
  'networks',
  'text',
  'link',
  'pillar',
  'campaign',
  'media',
] as const;
const REQUIRED = ['date', 'networks', 'text'] as const;
const VIDEO = /\.(mp4|mov|m4v|webm)(\?|$)/i;

export interface CalendarRow {
  /** Line of the file where the row starts (1 = the header). */
  line: number;
  input: PublicationInput;
  /** Same row, same key: importing a file twice queues nothing twice. */
  idempotencyKey: string;
}

export interface CalendarProblem {
  line: number;
  reason: string;
}

/** RFC 4180: fields separated by commas (or semicolons, as spreadsheets in French write them), quotes doubled. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === separator) {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++;
      fields.push(field);
      if (fields.some((value) => value.trim() !== '')) records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += char;
  }
  fields.push(field);
  if (fields.some((value) => value.trim() !== '')) records.push({ line: recordLine, fields });
  return records;
}

function networksOf(value: string): { networks: Network[] } | { reason: string } {
  const names = value
    .split(/[\s;,|+]+/)
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
    .map((name) => (name === 'twitter' ? 'x' : name));
  const unknown = names.find((name) => !(NETWORKS as readonly string[]).includes(name));
  if (unknown) return { reason: `networks: "${unknown}" is not a network (${NETWORKS.join(', ')})` };
  if (!names.length) return { reason: 'networks: at least one network' };
  return { networks: [...new Set(names)] as Network[] };
}

export function parseCalendar(
  text: string,
  timeZone: string,
): { rows: CalendarRow[]; problems: CalendarProblem[] } {
  const records = parseCsv(text);
  const header = records[0];
  if (!header) return { rows: [], problems: [{ line: 1, reason: 'the file is empty' }] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !(CALENDAR_COLUMNS as readonly string[]).includes(name));
  const missing = REQUIRED.filter((name) => !columns.includes(name));
  if (unknown.length || missing.length) {
    return {
      rows: [],
      problems: [
        {
          line: header.line,
          reason: `${[
            ...(unknown.length ? [`unknown column(s) ${unknown.join(', ')}`] : []),
            ...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : []),
          ].join('; ')} (expected ${CALENDAR_COLUMNS.join(',')})`,
        },
      ],
    };
  }
  const rows: CalendarRow[] = [];
  const problems: CalendarProblem[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length > columns.length) {
      problems.push({
        line: record.line,
        reason: `${record.fields.length} fields, the header has ${columns.length}`,
      });
      continue;
    }
    const cell = (name: (typeof CALENDAR_COLUMNS)[number]) =>
      (record.fields[columns.indexOf(name)] ?? '').trim();
    const reasons: string[] = [];
    const date = cell('date');
    const time = cell('time');
    let scheduledFor: string | undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      reasons.push('date: expected YYYY-MM-DD');
    } else if (time) {
      if (!localTimeSchema.safeParse(time).success)
        reasons.push('time: expected HH:MM (24-hour), or empty for the next free slot');
      else {
        const instant = fromLocal({ date, time }, timeZone, 'skip');
        if (!instant)
          reasons.push(`time: ${date} ${time} does not exist in ${timeZone} (daylight-saving change)`);
        else scheduledFor = instant.toISOString();
      }
    }
    const networks = networksOf(cell('networks'));
    if ('reason' in networks) reasons.push(networks.reason);
    const links = cell('link').split(/\s+/).filter(Boolean);
    const media = cell('media')
      .split(/\s+/)
      .filter(Boolean)
      .map((url) => ({ url, kind: VIDEO.test(url) ? ('video' as const) : ('image' as const) }));
    const candidate = {
      text: cell('text'),
      networks: 'networks' in networks ? networks.networks : ['x'],
      ...(scheduledFor ? { scheduledFor } : {}),
      ...(links.length ? { links } : {}),
      ...(media.length ? { media } : {}),
      ...(cell('pillar') ? { pillar: cell('pillar') } : {}),
      ...(cell('campaign') ? { campaign: cell('campaign') } : {}),
    };
    const parsed = publicationInputSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) reasons.push(`${columnOf(issue.path)}: ${issue.message}`);
    }
    if (reasons.length || !parsed.success) {
      problems.push({ line: record.line, reason: reasons.join('; ') });
      continue;
    }
    rows.push({
      line: record.line,
      input: parsed.data,
      idempotencyKey: `import-${createHash('sha256').update(JSON.stringify(candidate)).digest('hex').slice(0, 40)}`,
    });
  }
  return { rows, problems };
}

/** The CSV column a schema path came from. */
function columnOf(path: readonly PropertyKey[]): string {
  const [first] = path;
  if (first === 'links') return 'link';
  if (first === 'scheduledFor') return 'date/time';
  return String(first ?? 'row');
}
