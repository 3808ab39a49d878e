import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readsSecrets } from '../../infra/constructs/vigie-function.ts';
import { functionSpecs } from '../../shared/events/routing.ts';
import { exampleStack } from './stack-fixture.ts';

const { stack, template } = exampleStack();
const resolve = (value: unknown) => stack.resolve(value);

interface FunctionProperties {
  Layers?: unknown[];
  Environment: { Variables: Record<string, unknown> };
}

function propertiesOf(functionId: string): FunctionProperties {
  const wired = stack.functions.find((entry) => entry.fn.spec.id === functionId)!;
  const logicalId = stack.getLogicalId(wired.fn.node.defaultChild as never);
  return template.toJSON().Resources[logicalId].Properties;
}

/** The extension's ARN in eu-west-3 for arm64, version 1.0.103 (the CDK's region facts). */
const EXTENSION_ARM64 =
  'arn:aws:lambda:eu-west-3:780235371811:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:1';

const secretReaders = [
  'receiveWebhook',
  'authorizeApiKey',
  'acknowledgeIncident',
  'pullMetrics',
  'sendAlertEmail',
  'reviewPublication',
  'notifyReviewers',
  'publishPublication',
  'checkAccountAccess',
  'deliverOutboundWebhooks',
];

describe('the Parameters and Secrets extension', () => {
  it('goes to the functions whose spec reads a secret, and to them only', () => {
    expect(functionSpecs.filter((spec) => readsSecrets(spec.access)).map((spec) => spec.id)).toEqual(
      secretReaders,
    );
    const withLayer = functionSpecs.filter((spec) => propertiesOf(spec.id).Layers !== undefined);
    expect(withLayer.map((spec) => spec.id)).toEqual(secretReaders);
  });

  it.each(secretReaders)(
    '%s: the arm64 layer alone, its port and 5-minute caches in the environment',
    (id) => {
      const { Layers, Environment } = propertiesOf(id);
      expect(resolve(Layers)).toEqual([EXTENSION_ARM64]);
      expect(Environment.Variables).toMatchObject({
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773',
        PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'true',
        SSM_PARAMETER_STORE_TTL: '300',
        SECRETS_MANAGER_TTL: '300',
      });
    },
  );

  it('leaves the others without a layer nor any of its variables', () => {
    for (const spec of functionSpecs.filter((candidate) => !secretReaders.includes(candidate.id))) {
      const { Layers, Environment } = propertiesOf(spec.id);
      expect(Layers, spec.id).toBeUndefined();
      expect(
        Object.keys(Environment.Variables).filter((name) =>
          /^(PARAMETERS_SECRETS_|SSM_PARAMETER_STORE_|SECRETS_MANAGER_)/.test(name),
        ),
        spec.id,
      ).toEqual([]);
    }
  });

  it('is what the handlers of those functions read their secrets through (and no other handler)', () => {
    const usesExtension = (dir: string) =>
      /\b(throughExtension|parametersAndSecretsExtension)\(/.test(readFileSync(`${dir}/handler.ts`, 'utf8'));
    expect(functionSpecs.filter((spec) => usesExtension(spec.dir)).map((spec) => spec.id)).toEqual(
      secretReaders,
    );
  });

  it('needs no permission of its own: the roles read secrets with the same read-only actions as before, no KMS', () => {
    const actions = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => /^(ssm|secretsmanager|kms):|^lambda:GetLayerVersion$/.test(action));
    expect([...new Set(actions)].sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
    ]);
  });
});
