import { describe, expect, it } from 'vitest';
import { isRecord } from '../../core/api/types/meta.ts';
import { clusterWithHttp } from './support/http.ts';

const test = clusterWithHttp();

const configMap = (name: string, labels: Record<string, string>): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { a: '1' } });

function names(json: unknown): string[] {
  if (!isRecord(json) || !Array.isArray(json['items'])) throw new Error(`not a list: ${JSON.stringify(json)}`);
  return json['items'].map((item: unknown) => (isRecord(item) && isRecord(item['metadata']) ? String(item['metadata']['name']) : '?'));
}

describe('deletecollection', () => {
  it('deletes every object the selector matches, several at once, and answers with them in list order', async () => {
    const doomed = Array.from({ length: 40 }, (_, i) => `gone-${String(i).padStart(2, '0')}`);
    for (const name of doomed) expect((await test.http.send('POST', '/api/v1/namespaces/default/configmaps', configMap(name, { batch: 'old' }))).status).toBe(201);
    for (const name of ['kept-a', 'kept-b']) expect((await test.http.send('POST', '/api/v1/namespaces/default/configmaps', configMap(name, { batch: 'new' }))).status).toBe(201);

    const response = await test.http.send('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=batch%3Dold');
    expect(response.status).toBe(200);
    expect(isRecord(response.json) && response.json['kind']).toBe('ConfigMapList');
    expect(names(response.json)).toEqual(doomed);
    const left = await test.http.send('GET', '/api/v1/namespaces/default/configmaps?labelSelector=batch');
    expect(names(left.json)).toEqual(['kept-a', 'kept-b']);
  });
});
