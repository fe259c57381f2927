import { describe, expect, it } from 'vitest';
import { isRecord } from '../../core/api/types/meta.ts';
import { clusterWithHttp } from './support/http.ts';

/**
 * A GET by name answers with the stored text and its resourceVersion put in,
 * without parsing it (core/store/stored-json.ts). It must say exactly what the
 * parsed object says, which a LIST (always parsed) and a watch show.
 */

const test = clusterWithHttp();
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

async function listed(name: string): Promise<unknown> {
  const list = await test.http.send('GET', `${CONFIGMAPS}?fieldSelector=metadata.name%3D${name}`);
  const items = isRecord(list.json) && Array.isArray(list.json['items']) ? list.json['items'] : [];
  return { apiVersion: 'v1', kind: 'ConfigMap', ...(items[0] as object) };
}

describe('GET of one object', () => {
  it.each([
    ['written as clients usually write it', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'usual', labels: { a: 'b' } }, data: { 'x.json': '{"metadata":{"resourceVersion":"1"}}' } }],
    ['written with its members in another order', { data: { k: 'v' }, metadata: { name: 'reordered' }, kind: 'ConfigMap', apiVersion: 'v1' }],
  ])('says what the parsed object says: %s', async (_how, body) => {
    const created = await test.http.send('POST', CONFIGMAPS, JSON.stringify(body));
    expect(created.status).toBe(201);
    const name = (body.metadata as { name: string }).name;
    const got = await test.http.send('GET', `${CONFIGMAPS}/${name}`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toMatch(/^application\/json/);
    expect(got.json).toEqual(await listed(name));
    expect(got.json).toEqual(created.json);
  });

  it('carries the version of the latest write after an update', async () => {
    const current = await test.http.send('GET', `${CONFIGMAPS}/usual`);
    const updated = await test.http.send('PUT', `${CONFIGMAPS}/usual`, JSON.stringify({ ...(current.json as object), data: { k: 'changed' } }));
    expect(updated.status).toBe(200);
    const got = await test.http.send('GET', `${CONFIGMAPS}/usual`);
    expect(got.json).toEqual(updated.json);
    const version = (got.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    expect(version).not.toBe((current.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
  });
});
