import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClientConfig, loadClientConfig } from '../../config/client-config.ts';
import { alarmMetricsOf } from '../../cost/alarm-metrics.ts';
import type { MeasuredUnits } from '../../cost/measured.ts';
import {
  type BillLine,
  defaultAssumptions,
  monthlyBill,
  type StackFacts,
  totalOf,
  type UsageAssumptions,
  usageOf,
} from '../../cost/model.ts';
import type { BilledOperations } from '../../cost/operations.ts';
import { prices } from '../../cost/prices.ts';
import {
  metricHoursOf,
  operationsOf,
  operationsOfReplay,
  type Profile,
  profiles,
} from '../../cost/profiles.ts';
import { functionSpecs } from '../../events/routing.ts';

export interface CostOptions {
  profile?: string;
  fromReplay?: string;
  client: string;
  logRetentionDays?: number;
  memoryMb?: number;
  metricsPullsPerHour?: number;
}

const MEASURED_UNITS = new URL('../../cost/measured-units.json', import.meta.url);

/** `vigie cost`: the estimated monthly AWS bill of one client, line by line. */
export async function runCost(
  options: CostOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const config = loadClientConfig(options.client);
  const measured = JSON.parse(readFileSync(MEASURED_UNITS, 'utf8')) as MeasuredUnits;
  const { operations, metricHours, what } = monthOf(options, measured);
  const stack = await stackFacts(config, options.memoryMb);
  const assumptions: UsageAssumptions = {
    ...defaultAssumptions,
    logRetentionDays: options.logRetentionDays ?? stack.logRetentionDays,
    retentionDays: config.crisis.retentionDays,
  };
  const usage = usageOf(operations, stack, assumptions, metricHours);
  const list = monthlyBill(usage, prices, { freeTier: false });
  const free = monthlyBill(usage, prices, { freeTier: true });
  out.write(formatBill(list, free, what, measured, assumptions));
  return totalOf(list);
}

/** The month to price: a profile's, or a replay's scaled to 30 days. */
function monthOf(
  options: CostOptions,
  measured: MeasuredUnits,
): { operations: BilledOperations; metricHours?: Record<string, number>; what: string } {
  if (options.fromReplay) {
    const counted = JSON.parse(readFileSync(join(options.fromReplay, 'operations.json'), 'utf8')) as {
      operations: BilledOperations;
      spanDays: number;
      events: number;
      from: string;
      to: string;
    };
    const replayed = { ...counted, operations: withMeasuredLogs(counted.operations, measured) };
    return {
      operations: operationsOfReplay(replayed, measured, webhookFunctionIds()),
      what: `replay ${options.fromReplay} (${counted.from} → ${counted.to}, ${counted.spanDays.toFixed(1)} days, scaled to 30)`,
    };
  }
  const profile = profileNamed(options.profile ?? 'typical', options.metricsPullsPerHour);
  return {
    operations: operationsOf(profile, measured, scheduledFunctions()),
    metricHours: metricHoursOf(profile, measured, scheduledFunctions()),
    what: `profile ${profile.name}: ${profile.description}`,
  };
}

function profileNamed(name: string, pullsPerHour?: number): Profile {
  const profile = profiles[name as keyof typeof profiles];
  if (!profile) throw new Error(`unknown profile ${name}: quiet, typical or storm`);
  if (pullsPerHour === undefined || !profile.metricsPulls) return profile;
  return { ...profile, metricsPulls: profile.metricsPulls * pullsPerHour };
}

/**
 * The function behind `POST /webhooks/{source}` in the routing table, and the consumers of the
 * queues it sends to (archiveWebhooks): what a webhook delivery invokes before the bus.
 */
function webhookFunctionIds(): string[] {
  const spec = functionSpecs.find(
    (candidate) =>
      candidate.trigger.kind === 'http' &&
      candidate.trigger.routes.some(
        (route) => route.method === 'POST' && route.path === '/webhooks/{source}',
      ),
  );
  if (!spec) throw new Error('no webhook route in the routing table');
  const sentTo: readonly string[] = spec.access.sendMessages;
  const consumers = functionSpecs.filter(
    (candidate) => candidate.trigger.kind === 'queue' && sentTo.includes(candidate.trigger.queue),
  );
  return [spec.id, ...consumers.map((consumer) => consumer.id)];
}

function scheduledFunctions() {
  return functionSpecs.flatMap((spec) =>
    spec.trigger.kind === 'schedule' ? [{ id: spec.id, expression: spec.trigger.expression }] : [],
  );
}

/** A replay runs with its logs quiet: its invocations get the log bytes bench/units.ts measured. */
function withMeasuredLogs(operations: BilledOperations, measured: MeasuredUnits): BilledOperations {
  const bytes: Record<string, number> = {};
  const calls: Record<string, number> = {};
  for (const { operations: scenario } of measured.scenarios) {
    for (const [id, count] of Object.entries(scenario.invocations)) {
      bytes[id] = (bytes[id] ?? 0) + (scenario.logBytes[id] ?? 0);
      calls[id] = (calls[id] ?? 0) + count;
    }
  }
  const logBytes = Object.fromEntries(
    Object.entries(operations.invocations).map(([id, count]) => [
      id,
      calls[id] ? (count * bytes[id]!) / calls[id]! : 0,
    ]),
  );
  const emittedMetrics = Object.assign(
    {},
    ...measured.scenarios.map((scenario) => scenario.operations.emittedMetrics),
  );
  return { ...operations, logBytes, emittedMetrics };
}

/**
 * What the client's stack is made of, counted on the synthesized template (no bundling), so a
 * function, queue, alarm or secret another capability adds is priced without touching this file.
 */
async function stackFacts(
  config: ClientConfig,
  memoryMb?: number,
): Promise<StackFacts & { logRetentionDays: number }> {
  const key = JSON.stringify(config);
  const template = (synthesized.get(key) ?? synthesized.set(key, synthesize(config)).get(key))!;
  const facts = await template;
  return {
    ...facts,
    functions: facts.functions.map((fn) => ({ ...fn, memoryMb: memoryMb ?? fn.memoryMb })),
  };
}

const synthesized = new Map<string, Promise<StackFacts & { logRetentionDays: number }>>();

async function synthesize(config: ClientConfig): Promise<StackFacts & { logRetentionDays: number }> {
  const [{ App }, { Template }, { VigieStack }] = await Promise.all([
    import('aws-cdk-lib'),
    import('aws-cdk-lib/assertions'),
    import('../../../infra/vigie-stack.ts'),
  ]);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new VigieStack(app, `Vigie-${config.client.name}`, {
    config,
    env: { account: '111111111111', region: 'eu-west-3' },
  });
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  const resources = Object.values(template.Resources);
  const count = (type: string) => resources.filter((resource) => resource.Type === type).length;
  const retention = resources
    .filter((resource) => resource.Type === 'AWS::Logs::LogGroup')
    .map((resource) => Number(resource.Properties?.RetentionInDays ?? 3653));
  // The secrets the client file names are Parameter Store SecureStrings (free): counted apart.
  const referencedParameters = new Set([
    ...config.webhooks.map((hook) => hook.secretName),
    ...Object.values(config.accounts).map((account) => account.tokenSecretName),
    ...Object.values(config.publishers).flatMap((p) => (p?.kind === 'webhook' ? [p.secretName] : [])),
    ...config.outboundWebhooks.map((hook) => hook.secretName),
  ]);
  const granted = (access: object, kinds: string[]) =>
    Object.entries(access).some(([kind, flag]) => flag === true && kinds.includes(kind));
  return {
    functions: functionSpecs.map((spec) => ({
      id: spec.id,
      memoryMb: spec.memoryMb,
      readsSecretsManager: granted(spec.access, ['linkSigning', 'apiKey']),
      readsParameters: granted(spec.access, [
        'webhookSecrets',
        'networkTokens',
        'publisherSecrets',
        'outboundWebhookSecrets',
      ]),
    })),
    alarms: alarmMetricsOf(resources),
    dashboards: count('AWS::CloudWatch::Dashboard'),
    queuesPolledByLambda: count('AWS::Lambda::EventSourceMapping'),
    secrets: count('AWS::SecretsManager::Secret'),
    parameters: referencedParameters.size,
    pointInTimeRecovery: JSON.stringify(template).includes('"PointInTimeRecoveryEnabled":true'),
    logRetentionDays: Math.max(...retention, 1),
  };
}

function formatBill(
  list: BillLine[],
  free: BillLine[],
  what: string,
  measured: MeasuredUnits,
  assumptions: UsageAssumptions,
): string {
  const usd = (value: number) => (value < 0.005 && value > 0 ? '<0.01' : value.toFixed(2));
  const quantity = (value: number) =>
    value >= 100 ? Math.round(value).toLocaleString('en') : Number(value.toPrecision(3)).toString();
  const rows = list.map((line, index) => [
    line.service,
    line.item,
    `${quantity(line.quantity)} ${line.unit}`,
    usd(line.usd),
    usd(free[index]!.usd),
  ]);
  const header = ['service', 'item', 'quantity', 'USD (list)', 'USD (always-free tier)'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  const top = [...list]
    .sort((a, b) => b.usd - a.usd)
    .slice(0, 3)
    .map((entry) => `${entry.service} ${entry.item} ${usd(entry.usd)}`)
    .join(', ');
  return [
    `Estimated monthly AWS bill of one client — ${what}`,
    `prices: ${prices.region}, read ${prices.readOn}; operations per unit measured ${measured.measuredAt.slice(0, 10)} (${measured.command})`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    line(['total', '', '', usd(totalOf(list)), usd(totalOf(free))]),
    '',
    `dominated by: ${top}`,
    `knobs: --log-retention-days (now ${assumptions.logRetentionDays}), --memory-mb (every function), --metrics-pulls-per-hour; assumptions in shared/cost/model.ts (AWS call ${assumptions.awsCallMs} ms, init ${assumptions.initMs} ms, a cold start per function at most every ${assumptions.coldStartEveryMinutes} min)`,
    '',
  ].join('\n');
}
