import { Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ClientConfig } from '../shared/config/client-config.ts';
import { Alerts, Crisis, Metrics, Publishing } from './constructs/capabilities.ts';
import type { WiredFunction } from './constructs/capability.ts';
import { Core } from './constructs/core.ts';
import { Ingress } from './constructs/ingress.ts';
import { Observability } from './constructs/observability.ts';

export interface VigieStackProps extends StackProps {
  config: ClientConfig;
}

/** Vigie for one client (one brand, one AWS account): every capability, composed. */
export class VigieStack extends Stack {
  readonly core: Core;
  readonly ingress: Ingress;
  readonly crisis: Crisis;
  readonly metrics: Metrics;
  readonly alerts: Alerts;
  readonly publishing: Publishing;
  readonly observability: Observability;
  /** Every function of every capability, with its failure path. */
  readonly functions: readonly WiredFunction[];

  constructor(scope: Construct, id: string, props: VigieStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add('vigie:client', config.client.name);

    this.core = new Core(this, 'Core', {
      clientName: config.client.name,
      retentionDays: config.crisis.retentionDays,
    });
    const common = { config, core: this.core, logRetention: RetentionDays.ONE_MONTH };
    this.ingress = new Ingress(this, 'Ingress', common);
    const shared = {
      ...common,
      httpApi: this.ingress.httpApi,
      apiKeyAuthorizer: this.ingress.apiKeyAuthorizer,
    };
    this.crisis = new Crisis(this, 'Crisis', shared);
    this.metrics = new Metrics(this, 'Metrics', shared);
    this.alerts = new Alerts(this, 'Alerts', shared);
    this.publishing = new Publishing(this, 'Publishing', shared);
    this.functions = [
      ...this.ingress.functions,
      ...this.crisis.functions,
      ...this.metrics.functions,
      ...this.alerts.functions,
      ...this.publishing.functions,
    ];
    this.observability = new Observability(this, 'Observability', {
      config,
      functions: this.functions,
      httpApi: this.ingress.httpApi,
    });
  }
}
