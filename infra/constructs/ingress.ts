import { CfnOutput } from 'aws-cdk-lib';
import { type CfnStage, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { CapabilityConstruct, type CapabilityProps } from './capability.ts';

/** The HTTP API that webhook senders call, and the functions behind its routes. */
export class Ingress extends CapabilityConstruct {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: Omit<CapabilityProps, 'httpApi'>) {
    const httpApi = new HttpApi(scope, `${id}HttpApi`, {
      apiName: `vigie-${props.config.client.name}`,
      description: 'Vigie webhooks and read API',
    });
    super(scope, id, 'ingress', { ...props, httpApi });
    this.httpApi = httpApi;

    // Access logs and a throttle on the default stage: a misbehaving sender cannot run up the bill.
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    const stage = httpApi.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        ip: '$context.identity.sourceIp',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 500, throttlingRateLimit: 200 };
    new CfnOutput(scope, 'WebhookBaseUrl', { value: `${httpApi.apiEndpoint}/webhooks/` });
  }
}
