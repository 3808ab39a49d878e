import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag AwsSolutions finding on one construct, with the reason. Never stack-wide:
 * every acknowledgement sits next to the resource it is about. `finding` narrows a rule that reports
 * several findings per resource (e.g. `IAM5[Resource::*]`).
 */
export function acknowledgeNag(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}
