/**
 * Next fire time of an EventBridge schedule expression, in UTC: `rate(5 minutes)`,
 * `cron(min hour day-of-month month day-of-week year)` and `at(yyyy-mm-ddThh:mm:ss)`.
 * Rates are aligned on the epoch (every 5 minutes fires at :00, :05, …), so runs are reproducible.
 */
const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export function nextFireTime(expression: string, after: Date): Date | undefined {
  const rate = /^rate\((\d+)\s+(minute|hour|day)s?\)$/.exec(expression.trim());
  if (rate) {
    const period = Number(rate[1]) * RATE_UNITS[rate[2]!]!;
    if (period <= 0) throw new Error(`invalid rate: ${expression}`);
    return new Date(Math.floor(after.getTime() / period) * period + period);
  }
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression.trim());
  if (at) {
    const time = new Date(`${at[1]}Z`);
    return time.getTime() > after.getTime() ? time : undefined;
  }
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (cron) return nextCronTime(cron[1]!, after);
  throw new Error(`unsupported schedule expression: ${expression}`);
}

function parseField(
  field: string,
  min: number,
  max: number,
  names: string[] = [],
): (value: number) => boolean {
  if (field === '*' || field === '?') return () => true;
  const allowed = new Set<number>();
  const toNumber = (token: string) => {
    const named = names.indexOf(token.toUpperCase());
    return named >= 0 ? named + min : Number(token);
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    const bounds = range === '*' ? [min, max] : range!.split('-').map(toNumber);
    const from = bounds[0];
    const to = bounds[1] ?? (stepText ? max : from);
    if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to) || step < 1) {
      throw new Error(`invalid cron field: ${field}`);
    }
    for (let value = from; value <= to; value += step) allowed.add(value);
  }
  return (value) => allowed.has(value);
}

function nextCronTime(spec: string, after: Date): Date | undefined {
  const fields = spec.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`cron needs 6 fields: ${spec}`);
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const matchMinute = parseField(minute, 0, 59);
  const matchHour = parseField(hour, 0, 23);
  const matchDay = parseField(dayOfMonth, 1, 31);
  const matchMonth = parseField(month, 1, 12, MONTH_NAMES);
  const matchWeekday = parseField(dayOfWeek, 1, 7, DAY_NAMES); // EventBridge: 1 = Sunday
  const matchYear = parseField(year, 1970, 2199);
  const start = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000;
  for (let t = start, limit = start + 366 * 86_400_000 * 2; t < limit; t += 60_000) {
    const d = new Date(t);
    if (
      matchMinute(d.getUTCMinutes()) &&
      matchHour(d.getUTCHours()) &&
      matchDay(d.getUTCDate()) &&
      matchMonth(d.getUTCMonth() + 1) &&
      matchWeekday(d.getUTCDay() + 1) &&
      matchYear(d.getUTCFullYear())
    ) {
      return d;
    }
  }
  return undefined;
}
