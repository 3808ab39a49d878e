import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClientConfigError, loadClientConfig } from '../../../shared/config/client-config.ts';

const example = JSON.parse(
  (await import('node:fs')).readFileSync(new URL('../../../clients/example.json', import.meta.url), 'utf8'),
);

function writeConfig(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vigie-config-')), 'client.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function problemsOf(content: unknown): { file: string; error: ClientConfigError } {
  const file = writeConfig(content);
  try {
    loadClientConfig(file);
  } catch (error) {
    return { file, error: error as ClientConfigError };
  }
  throw new Error('expected the configuration to be rejected');
}

describe('client configuration', () => {
  it('loads the checked-in example with its defaults', () => {
    const config = loadClientConfig('clients/example.json');
    expect(config.client.name).toBe('example');
    expect(config.client.timeZone).toBe('Europe/Paris');
    expect(config.crisis.sensitivity).toBe('balanced');
    expect(config.crisis.retentionDays).toBe(90);
    expect(config.webhooks.map((hook) => hook.source)).toEqual(['standard', 'meta']);
  });

  it('fills defaults for optional sections', () => {
    const { crisis, sentiment, worryLines, webhooks, ...minimal } = example;
    const config = loadClientConfig(writeConfig(minimal));
    expect(config.crisis).toEqual({
      sensitivity: 'balanced',
      retentionDays: 90,
      playbook: [],
      reminderMinutes: 120,
    });
    expect(config.sentiment.engine).toBe('builtin');
    expect(config.webhooks).toEqual([]);
    expect(config.observability).toEqual({ sdkTracing: false });
  });

  it('turns the SDK-call X-Ray subsegments on with observability.sdkTracing, and checks its type', () => {
    expect(
      loadClientConfig(writeConfig({ ...example, observability: { sdkTracing: true } })).observability,
    ).toEqual({
      sdkTracing: true,
    });
    const { error } = problemsOf({ ...example, observability: { sdkTracing: 'yes' } });
    expect(error.problems).toEqual([expect.stringMatching(/^observability\.sdkTracing: .*boolean/)]);
  });

  it('names the file, the field and the reason of each problem', () => {
    const { file, error } = problemsOf({
      ...example,
      client: { ...example.client, timeZone: 'Paris/France' },
      crisis: { ...example.crisis, sensitivity: 'paranoid' },
      alerts: { ...example.alerts, recipients: ['not-an-email'] },
    });
    expect(error).toBeInstanceOf(ClientConfigError);
    expect(error.message).toContain(file);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^client\.timeZone: not an IANA time zone/),
        expect.stringMatching(/^crisis\.sensitivity: .*"low"\|"balanced"\|"high"/),
        expect.stringMatching(/^alerts\.recipients\.0: /),
      ]),
    );
    expect(error.problems).toHaveLength(3);
  });

  it('rejects unknown fields, so a typo does not silently keep a default', () => {
    const { error } = problemsOf({ ...example, crisis: { ...example.crisis, sensitivty: 'high' } });
    expect(error.problems.join('\n')).toMatch(/crisis: Unrecognized key: "sensitivty"/);
  });

  it('rejects a webhook source listed twice and a worry line without a bound', () => {
    const { error } = problemsOf({
      ...example,
      webhooks: [
        { source: 'standard', secretName: '/a' },
        { source: 'standard', secretName: '/b' },
      ],
      worryLines: [{ kpi: 'reach', period: 'week' }],
    });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'webhooks: each webhook source may appear once',
        'worryLines.0: a worry line needs "below" or "above"',
      ]),
    );
  });

  it('takes secrets as Parameter Store names: /-rooted, not under aws or ssm, so an older Secrets Manager name fails at synth', () => {
    const { error } = problemsOf({
      ...example,
      accounts: { instagram: { accountId: '1', tokenSecretName: 'vigie/example/tokens/instagram' } },
      webhooks: [
        { source: 'standard', secretName: '/aws/reference/secretsmanager/x' },
        { source: 'meta', secretName: '/vigie/example/webhooks/meta key' },
      ],
      outboundWebhooks: [{ url: 'https://n8n.example.fr/hook', secretName: '/SSM-things/outbound' }],
    });
    expect(error.problems.sort()).toEqual([
      'accounts.instagram.tokenSecretName: not a Parameter Store name: /-rooted, letters, digits, _ . - (e.g. /vigie/acme/webhooks/standard)',
      'outboundWebhooks.0.secretName: a Parameter Store name cannot start with aws or ssm',
      'webhooks.0.secretName: a Parameter Store name cannot start with aws or ssm',
      'webhooks.1.secretName: not a Parameter Store name: /-rooted, letters, digits, _ . - (e.g. /vigie/acme/webhooks/standard)',
    ]);
    const fine = loadClientConfig(
      writeConfig({
        ...example,
        webhooks: [{ source: 'standard', secretName: '/vigie/acme/webhooks/standard.v2_x' }],
      }),
    );
    expect(fine.webhooks[0]!.secretName).toBe('/vigie/acme/webhooks/standard.v2_x');
  });

  it('rejects a worry line on an unknown KPI and lists the valid names', () => {
    const { error } = problemsOf({
      ...example,
      worryLines: [{ kpi: 'engagementRate', period: 'week', below: 1.5 }],
    });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^worryLines\.0\.kpi: unknown KPI; valid names: impressions, reach, /);
    expect(error.problems[0]).toContain('engagementRateByReach');
    expect(error.problems[0]).toContain('responseTimeP90Minutes');
  });

  it('reports unreadable files and invalid JSON with the file name', () => {
    expect(() => loadClientConfig('clients/does-not-exist.json')).toThrow(
      /clients\/does-not-exist\.json.*\n.*ENOENT/,
    );
    const { file, error } = problemsOf('{ "client": ');
    expect(error.message).toContain(file);
    expect(error.problems[0]).toMatch(/^not valid JSON/);
  });
});
