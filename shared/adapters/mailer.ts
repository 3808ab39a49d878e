import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

/** A rendered email: the raw MIME message and what a log line needs. */
export interface OutgoingEmail {
  from: string;
  to: readonly string[];
  subject: string;
  /** Full RFC 5322 message (headers, multipart body, inline images). */
  raw: string;
}

/** Port: sends an email. SES in AWS, the mailbox folder locally. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

export class SesMailer implements Mailer {
  constructor(private readonly client: SESv2Client) {}

  async send(email: OutgoingEmail): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: email.from,
        Destination: { ToAddresses: [...email.to] },
        Content: { Raw: { Data: Buffer.from(email.raw, 'utf8') } },
      }),
    );
  }
}
