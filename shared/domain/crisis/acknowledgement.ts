import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed acknowledge links: whoever has the email can stop the reminders of that incident, nobody
 * can forge a link for another one. The signature is an HMAC of the incident id with the link key.
 */
export function acknowledgementSignature(incidentId: string, key: string): string {
  return createHmac('sha256', key).update(`acknowledge:${incidentId}`).digest('base64url');
}

export function acknowledgementUrl(apiUrl: string, incidentId: string, key: string): string {
  return `${apiUrl.replace(/\/$/, '')}/incidents/${encodeURIComponent(incidentId)}/acknowledge?sig=${acknowledgementSignature(incidentId, key)}`;
}

export function isValidAcknowledgement(
  incidentId: string,
  signature: string | undefined,
  key: string,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(acknowledgementSignature(incidentId, key));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
