import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/crisis/acknowledge-incident/app.ts';
import { DynamoIncidentStore } from '../../shared/adapters/incident-store.ts';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import { acknowledgementSignature, acknowledgementUrl } from '../../shared/domain/crisis/acknowledgement.ts';
import { localContext } from '../../shared/local/lambda-context.ts';
import { observability } from '../../shared/runtime/observability.ts';
import { useLocalTable } from '../shared/adapters/local-table.ts';

const dynamo = useLocalTable();
const KEY = 'test-link-key';

function request(incidentId: string, sig?: string): APIGatewayProxyEventV2 {
  return {
    pathParameters: { incidentId },
    queryStringParameters: sig ? { sig } : undefined,
  } as unknown as APIGatewayProxyEventV2;
}

describe('acknowledge link', () => {
  it('builds a URL whose signature is bound to the incident', () => {
    const url = new URL(acknowledgementUrl('https://abc.execute-api.eu-west-3.amazonaws.com/', 'inc-1', KEY));
    expect(url.pathname).toBe('/incidents/inc-1/acknowledge');
    expect(url.searchParams.get('sig')).toBe(acknowledgementSignature('inc-1', KEY));
    expect(acknowledgementSignature('inc-2', KEY)).not.toBe(acknowledgementSignature('inc-1', KEY));
  });

  it('records the acknowledgement for a valid link and refuses a forged one', async () => {
    const store = new DynamoIncidentStore(dynamo.current.table);
    const handler = createHandler({
      ...observability('acknowledgeIncident'),
      config: loadClientConfig('clients/example.json'),
      incidentStore: store,
      linkSigningKey: async () => KEY,
    });
    const context = localContext('acknowledgeIncident', 10);

    const forged = await handler(request('inc-7', acknowledgementSignature('inc-8', KEY)), context);
    expect(forged.statusCode).toBe(403);
    expect((await handler(request('inc-7'), context)).statusCode).toBe(403);
    expect(await store.isAcknowledged('inc-7')).toBe(false);

    const valid = await handler(request('inc-7', acknowledgementSignature('inc-7', KEY)), context);
    expect(valid.statusCode).toBe(200);
    expect(valid.body).toContain('Incident inc-7 pris en charge');
    expect(await store.isAcknowledged('inc-7')).toBe(true);
    // Clicking twice is fine.
    expect(
      (await handler(request('inc-7', acknowledgementSignature('inc-7', KEY)), context)).statusCode,
    ).toBe(200);
  });
});
