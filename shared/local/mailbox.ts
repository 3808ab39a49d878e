import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingEmail } from '../adapters/mailer.ts';

/** The local stand-in of SES: every email becomes an .eml file, and a one-line summary is reported. */
export class MailboxMailer implements Mailer {
  private sequence = 0;
  readonly sent: { file: string; email: OutgoingEmail }[] = [];

  constructor(
    private readonly dir: string,
    private readonly onSent: (summary: string) => void = () => undefined,
    private readonly clock: { now(): Date } = { now: () => new Date() },
  ) {}

  async send(email: OutgoingEmail): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.sequence += 1;
    const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
    const slug = email.subject
      .normalize('NFD')
      .replace(/[^\w]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60)
      .toLowerCase();
    const file = join(this.dir, `${stamp}-${String(this.sequence).padStart(4, '0')}-${slug}.eml`);
    await writeFile(file, email.raw);
    this.sent.push({ file, email });
    this.onSent(`✉  ${email.subject} → ${email.to.join(', ')} (${file})`);
  }
}
