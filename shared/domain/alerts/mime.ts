import { createHash } from 'node:crypto';

/** An inline image referenced from the HTML part as `cid:<contentId>`. */
export interface InlineImage {
  contentId: string;
  filename: string;
  png: Uint8Array;
}

export interface MimeMessage {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  html: string;
  date: Date;
  /** Stable Message-ID: the same alert always yields the same id (mail clients thread it). */
  messageKey: string;
  images?: readonly InlineImage[];
}

/** RFC 2047 encoded-word for non-ASCII header values. */
function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value)
    ? value
    : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function base64Lines(data: Uint8Array | string): string {
  const encoded = Buffer.from(data).toString('base64');
  return encoded.replace(/.{1,76}/g, '$&\r\n').trimEnd();
}

/**
 * Builds a multipart email (text + HTML, optional inline PNG images) as raw RFC 5322 text: the
 * same bytes go to SES SendEmail (Raw) and to the local mailbox's .eml files.
 */
export function buildMime(message: MimeMessage): string {
  const hash = createHash('sha256').update(message.messageKey).digest('hex');
  const boundary = `vigie-${hash.slice(0, 24)}`;
  const related = `vigie-rel-${hash.slice(24, 48)}`;
  const headers = [
    `From: ${message.from}`,
    `To: ${message.to.join(', ')}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${message.date.toUTCString()}`,
    `Message-ID: <${hash.slice(0, 32)}@vigie>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const textPart = [
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.text),
  ];
  const htmlBody = [
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.html),
  ];
  const images = message.images ?? [];
  const htmlPart = images.length
    ? [
        `--${boundary}`,
        `Content-Type: multipart/related; boundary="${related}"`,
        '',
        `--${related}`,
        ...htmlBody,
        ...images.flatMap((image) => [
          `--${related}`,
          `Content-Type: image/png; name="${image.filename}"`,
          'Content-Transfer-Encoding: base64',
          `Content-ID: <${image.contentId}>`,
          `Content-Disposition: inline; filename="${image.filename}"`,
          '',
          base64Lines(image.png),
        ]),
        `--${related}--`,
      ]
    : [`--${boundary}`, ...htmlBody];
  return [...headers, '', ...textPart, ...htmlPart, `--${boundary}--`, ''].join('\r\n');
}
