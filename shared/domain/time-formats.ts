const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * Building an Intl.DateTimeFormat is costly (it topped the replay profile) and Vigie needs a few,
 * per time zone and language: each is built once and reused.
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}
