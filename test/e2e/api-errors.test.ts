import { describe, expect, it } from 'vitest';
import { clusterWithHttp } from './support/http.ts';
import { isRecord } from '../../core/api/types/meta.ts';

const test = clusterWithHttp();

const configMap = (name: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' }, ...extra });

/** The Status of a failed request: kind, reason and code as Kubernetes sends them. */
function status(json: unknown): { reason: unknown; code: unknown; message: string; causes: unknown } {
  if (!isRecord(json) || json['kind'] !== 'Status') throw new Error(`not a Status: ${JSON.stringify(json)}`);
  const details = isRecord(json['details']) ? json['details'] : {};
  return { reason: json['reason'], code: json['code'], message: String(json['message']), causes: details['causes'] };
}

async function configMapCount(): Promise<number> {
  const list = await test.http.send('GET', '/api/v1/namespaces/default/configmaps');
  return isRecord(list.json) && Array.isArray(list.json['items']) ? list.json['items'].length : -1;
}

describe('bad input gets a clear Status, stores nothing, and the server stays up', () => {
  it.each([
    ['malformed JSON', '{"apiVersion": "v1", "kind": ', 'application/json', 400, 'BadRequest', /unknown format|JSON/],
    ['malformed YAML', 'apiVersion: v1\nkind: [ConfigMap\n', 'application/yaml', 400, 'BadRequest', /YAML/],
    ['a YAML alias bomb', `a: &a [x,x,x,x,x,x,x,x,x]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\n`, 'application/yaml', 400, 'BadRequest', /alias/i],
    ['an unknown kind in the body', JSON.stringify({ apiVersion: 'v1', kind: 'Gizmo', metadata: { name: 'x' } }), 'application/json', 400, 'BadRequest', /Gizmo/],
    ['a wrong apiVersion', JSON.stringify({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } }), 'application/json', 400, 'BadRequest', /does not match the expected API version \(v1\)/],
    ['an unsupported media type', 'name=x', 'application/x-www-form-urlencoded', 415, 'UnsupportedMediaType', /unknown format/],
  ])('%s', async (_what, body, contentType, code, reason, message) => {
    const before = await configMapCount();
    const response = await test.http.send('POST', '/api/v1/namespaces/default/configmaps', body, { 'content-type': contentType });
    expect(response.status).toBe(code);
    const s = status(response.json);
    expect(s.reason).toBe(reason);
    expect(s.code).toBe(code);
    expect(s.message).toMatch(message);
    expect(await configMapCount()).toBe(before);
    expect((await test.http.send('GET', '/healthz', undefined, {}, false)).text).toBe('ok');
  });

  it('an invalid name is 422 Invalid with a cause naming metadata.name', async () => {
    const response = await test.http.send('POST', '/api/v1/namespaces/default/configmaps', configMap('Not_A_Name'));
    expect(response.status).toBe(422);
    const s = status(response.json);
    expect(s.reason).toBe('Invalid');
    expect(s.message).toMatch(/^ConfigMap "Not_A_Name" is invalid: metadata\.name: Invalid value: "Not_A_Name"/);
    expect(s.causes).toEqual([expect.objectContaining({ field: 'metadata.name', reason: 'FieldValueInvalid' })]);
  });

  it('a body over 3 MiB is 413 RequestEntityTooLarge', async () => {
    const big = configMap('big', { data: { blob: 'x'.repeat(3 * 1024 * 1024 + 10) } });
    const response = await test.http.send('POST', '/api/v1/namespaces/default/configmaps', big);
    expect(response.status).toBe(413);
    expect(status(response.json).reason).toBe('RequestEntityTooLarge');
    expect((await test.http.send('GET', '/api/v1/namespaces/default/configmaps/big')).status).toBe(404);
  });

  it('an unknown resource is 404 NotFound', async () => {
    const response = await test.http.send('GET', '/api/v1/namespaces/default/gizmos');
    expect(response.status).toBe(404);
    expect(status(response.json).reason).toBe('NotFound');
    expect((await test.http.send('GET', '/apis/nope.example.com/v1')).status).toBe(404);
  });

  it('a missing object is 404 with the name, a duplicate is 409 AlreadyExists', async () => {
    const missing = await test.http.send('GET', '/api/v1/namespaces/default/configmaps/nothing-here');
    expect(missing.status).toBe(404);
    expect(status(missing.json).message).toBe('configmaps "nothing-here" not found');
    expect((await test.http.send('POST', '/api/v1/namespaces/default/configmaps', configMap('twice'))).status).toBe(201);
    const again = await test.http.send('POST', '/api/v1/namespaces/default/configmaps', configMap('twice'));
    expect(again.status).toBe(409);
    expect(status(again.json).reason).toBe('AlreadyExists');
  });

  it('a create in a namespace that does not exist is 404 naming the namespace', async () => {
    const response = await test.http.send('POST', '/api/v1/namespaces/nowhere/configmaps', configMap('x'));
    expect(response.status).toBe(404);
    expect(status(response.json).message).toBe('namespaces "nowhere" not found');
  });

  it('a stale update is 409 Conflict and changes nothing', async () => {
    const created = await test.http.send('POST', '/api/v1/namespaces/default/configmaps', configMap('stale'));
    const first = created.json as { metadata: { resourceVersion: string } };
    const fresh = await test.http.send('PUT', '/api/v1/namespaces/default/configmaps/stale', configMap('stale', { data: { a: '2' }, metadata: { name: 'stale', resourceVersion: first.metadata.resourceVersion } }));
    expect(fresh.status).toBe(200);
    const stale = await test.http.send('PUT', '/api/v1/namespaces/default/configmaps/stale', configMap('stale', { data: { a: '3' }, metadata: { name: 'stale', resourceVersion: first.metadata.resourceVersion } }));
    expect(stale.status).toBe(409);
    expect(status(stale.json)).toMatchObject({ reason: 'Conflict', message: expect.stringMatching(/the object has been modified/) });
    const now = await test.http.send('GET', '/api/v1/namespaces/default/configmaps/stale');
    expect((now.json as { data: { a: string } }).data.a).toBe('2');
  });

  it('anonymous requests are 401 except health and version', async () => {
    const anonymous = await test.http.send('GET', '/api/v1/namespaces', undefined, {}, false);
    expect(anonymous.status).toBe(401);
    expect(status(anonymous.json).reason).toBe('Unauthorized');
    const wrong = await test.http.send('GET', '/api/v1/namespaces', undefined, { authorization: 'Bearer nope' }, false);
    expect(wrong.status).toBe(401);
    for (const path of ['/healthz', '/livez', '/readyz', '/version']) {
      expect((await test.http.send('GET', path, undefined, {}, false)).status).toBe(200);
    }
  });

  it('fieldValidation=Strict refuses an unknown field, Warn stores and warns', async () => {
    const body = configMap('strict', { spam: true });
    const strict = await test.http.send('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body);
    expect(strict.status).toBe(400);
    expect(status(strict.json).message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spam"');
    const warn = await test.http.send('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', body);
    expect(warn.status).toBe(201);
    expect(String(warn.headers['warning'])).toContain('unknown field \\"spam\\"');
  });
});
