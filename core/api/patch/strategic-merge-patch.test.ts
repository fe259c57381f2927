import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';

/** A Deployment as `kubectl create deployment web --image=nginx:1.14` plus a sidecar, defaulted. */
function deployment(): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'frontend' }, finalizers: ['example.com/a'] },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.14',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [
                { name: 'MODE', value: 'prod' },
                { name: 'LOG', value: 'info' },
              ],
              args: ['--a', '--b'],
            },
            { name: 'sidecar', image: 'busybox', command: ['sleep', '3600'] },
          ],
          tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }],
          volumes: [{ name: 'data', emptyDir: {} }],
          securityContext: { runAsUser: 1000 },
        },
      },
    },
  };
}

type Json = Record<string, unknown>;

function podSpec(doc: unknown): Json {
  const spec = (((doc as Json).spec as Json).template as Json).spec;
  return spec as Json;
}

function containers(doc: unknown): Json[] {
  return podSpec(doc).containers as Json[];
}

const patched = (patch: unknown): unknown => applyStrategicMergePatch(deployment(), patch, 'apps/Deployment');
const templatePatch = (spec: Json): Json => ({ spec: { template: { spec } } });

describe('applyStrategicMergePatch on a Deployment', () => {
  it('kubectl patch of one container image keeps its other fields and the other containers', () => {
    const result = patched(templatePatch({ containers: [{ name: 'nginx', image: 'nginx:1.16' }] }));
    expect(containers(result)).toEqual([
      { ...containers(deployment())[0], image: 'nginx:1.16' },
      containers(deployment())[1],
    ]);
  });

  it.each([
    {
      name: 'an env var merges by name and a new one is added',
      patch: templatePatch({ containers: [{ name: 'nginx', env: [{ name: 'LOG', value: 'debug' }, { name: 'NEW', value: '1' }] }] }),
      // Server-only items keep their live place; new ones follow the patch order.
      env: [
        { name: 'MODE', value: 'prod' },
        { name: 'LOG', value: 'debug' },
        { name: 'NEW', value: '1' },
      ],
    },
    {
      name: '$patch: delete removes an env var by name',
      patch: templatePatch({ containers: [{ name: 'nginx', env: [{ name: 'MODE', $patch: 'delete' }] }] }),
      env: [{ name: 'LOG', value: 'info' }],
    },
    {
      name: '$setElementOrder/env orders the merged list',
      patch: templatePatch({
        containers: [{ name: 'nginx', '$setElementOrder/env': [{ name: 'LOG' }, { name: 'MODE' }], env: [{ name: 'LOG', value: 'warn' }] }],
      }),
      env: [
        { name: 'LOG', value: 'warn' },
        { name: 'MODE', value: 'prod' },
      ],
    },
  ])('$name', ({ patch, env }) => {
    expect(containers(patched(patch))[0]?.env).toEqual(env);
  });

  it('kubectl apply (client-side) updating one container with $setElementOrder/containers', () => {
    const patch = templatePatch({
      '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }],
      containers: [{ name: 'nginx', image: 'nginx:1.16' }],
    });
    const result = containers(patched(patch));
    expect(result.map((c) => c.name)).toEqual(['sidecar', 'nginx']);
    expect(result[1]?.image).toBe('nginx:1.16');
    expect(result[1]?.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
  });

  it('kubectl apply removing a container it no longer declares', () => {
    const patch = templatePatch({ '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ $patch: 'delete', name: 'sidecar' }] });
    expect(containers(patched(patch)).map((c) => c.name)).toEqual(['nginx']);
  });

  it('a container added without order directives goes before the live ones, as in Kubernetes', () => {
    const result = containers(patched(templatePatch({ containers: [{ name: 'logger', image: 'fluentd' }] })));
    expect(result.map((c) => c.name)).toEqual(['logger', 'nginx', 'sidecar']);
  });

  it('ports merge by containerPort', () => {
    const patch = templatePatch({ containers: [{ name: 'nginx', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] }] });
    expect(containers(patched(patch))[0]?.ports).toEqual([
      { containerPort: 80, protocol: 'TCP', name: 'http' },
      { containerPort: 443 },
    ]);
  });

  it.each([
    { name: 'tolerations (atomic) are replaced', field: 'tolerations', value: [{ key: 'dedicated', operator: 'Equal', value: 'gpu' }] },
    { name: 'untagged lists such as args are replaced', field: 'args', value: ['--c'] },
  ])('$name', ({ field, value }) => {
    const result =
      field === 'args'
        ? containers(patched(templatePatch({ containers: [{ name: 'nginx', args: value }] })))[0]?.args
        : podSpec(patched(templatePatch({ [field]: value })))[field];
    expect(result).toEqual(value);
  });

  it.each([
    {
      name: '$patch: replace in a list replaces it with the other items',
      patch: templatePatch({ containers: [{ name: 'only', image: 'alpine' }, { $patch: 'replace' }] }),
      check: (doc: unknown) => expect(containers(doc)).toEqual([{ name: 'only', image: 'alpine' }]),
    },
    {
      name: '$patch: replace on a map replaces the map',
      patch: { metadata: { labels: { $patch: 'replace', app: 'api' } } },
      check: (doc: unknown) => expect((doc as { metadata: Json }).metadata.labels).toEqual({ app: 'api' }),
    },
    {
      name: '$patch: delete on a map empties it',
      patch: templatePatch({ securityContext: { $patch: 'delete' } }),
      check: (doc: unknown) => expect(podSpec(doc).securityContext).toEqual({}),
    },
    {
      name: 'null deletes a label',
      patch: { metadata: { labels: { tier: null } } },
      check: (doc: unknown) => expect((doc as { metadata: Json }).metadata.labels).toEqual({ app: 'web' }),
    },
    {
      name: 'finalizers are a union',
      patch: { metadata: { finalizers: ['example.com/b', 'example.com/a'] } },
      check: (doc: unknown) => expect((doc as { metadata: Json }).metadata.finalizers).toEqual(['example.com/b', 'example.com/a']),
    },
    {
      name: '$deleteFromPrimitiveList/finalizers removes a finalizer',
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/a'] } },
      check: (doc: unknown) => expect((doc as { metadata: Json }).metadata.finalizers).toEqual([]),
    },
    {
      name: 'kubectl apply switching the strategy to Recreate sends $retainKeys',
      patch: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
      check: (doc: unknown) => expect(((doc as Json).spec as Json).strategy).toEqual({ type: 'Recreate' }),
    },
    {
      name: '$retainKeys on a volume switches its source',
      patch: templatePatch({ volumes: [{ name: 'data', $retainKeys: ['name', 'persistentVolumeClaim'], persistentVolumeClaim: { claimName: 'data' } }] }),
      check: (doc: unknown) => expect(podSpec(doc).volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }]),
    },
    {
      name: 'a new field nested in a new map drops its nulls',
      patch: templatePatch({ affinity: { nodeAffinity: null, podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } } }),
      check: (doc: unknown) =>
        expect(podSpec(doc).affinity).toEqual({ podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } }),
    },
  ])('$name', ({ patch, check }) => {
    check(patched(patch));
  });

  it('does not mutate the document or the patch', () => {
    const doc = deployment();
    const patch = templatePatch({ containers: [{ name: 'nginx', image: 'nginx:1.16' }], $retainKeys: ['containers'] });
    const before = structuredClone(patch);
    applyStrategicMergePatch(doc, patch, 'apps/Deployment');
    expect(doc).toEqual(deployment());
    expect(patch).toEqual(before);
  });
});

/** Upstream vectors (strategicpatch patch_test.go, ThreeWay applied to Current) with real field names. */
describe('list order, as kube-apiserver produces it', () => {
  const pod = (names: Array<string | Json>): Json => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: names.map((n) => (typeof n === 'string' ? { name: n } : n)) },
  });
  const names = (doc: unknown): unknown[] => (((doc as Json).spec as Json).containers as Json[]).map((c) => c.name);

  it.each([
    { name: 'merge lists of maps', current: ['1', '2'], order: ['4', '1', '2', '3'], items: ['4', '3'], expected: ['4', '1', '2', '3'] },
    { name: 'server-only items stay in place', current: ['1', '3', '4', '2', '9'], order: ['4', '2', '3', '1'], items: [], expected: ['4', '2', '3', '1', '9'] },
    { name: 'server-only items 2', current: ['1', '2', '9', '3', '4'], order: ['2', '1', '4', '3'], items: [], expected: ['2', '1', '9', '4', '3'] },
    { name: 'server-only items 3', current: ['1', '2', '7', '9', '8', '3', '4'], order: ['2', '1', '4', '3'], items: [], expected: ['2', '1', '7', '9', '8', '4', '3'] },
  ])('$name', ({ current, order, items, expected }) => {
    const patch = {
      spec: { '$setElementOrder/containers': order.map((n) => ({ name: n })), ...(items.length > 0 ? { containers: items.map((n) => ({ name: n, image: n })) } : {}) },
    };
    expect(names(applyStrategicMergePatch(pod(current), patch, '/Pod'))).toEqual(expected);
  });

  it('orders a primitive list with $setElementOrder/finalizers', () => {
    const doc = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['f/1', 'f/4', 'f/2'] } };
    const patch = { metadata: { '$setElementOrder/finalizers': ['f/3', 'f/1', 'f/2'], finalizers: ['f/3'] } };
    const result = applyStrategicMergePatch(doc, patch, '/ConfigMap') as { metadata: Json };
    expect(result.metadata.finalizers).toEqual(['f/3', 'f/1', 'f/4', 'f/2']);
  });
});

describe('other kinds', () => {
  it('Service ports merge by port', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
    const result = applyStrategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, '/Service') as Json;
    expect((result.spec as Json).ports).toEqual([{ name: 'http', port: 80, targetPort: 9090 }]);
  });

  it('Node conditions merge by type', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'DiskPressure', status: 'False' }] } };
    const result = applyStrategicMergePatch(node, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, '/Node') as Json;
    expect((result.status as Json).conditions).toEqual([{ type: 'Ready', status: 'True' }, { type: 'DiskPressure', status: 'False' }]);
  });

  it('an unknown kind is merged like a JSON merge patch (lists replaced)', () => {
    const cr = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { items: [{ name: 'a', size: 1 }] } };
    const result = applyStrategicMergePatch(cr, { spec: { items: [{ name: 'a', size: 2 }], $patch: 'x' } }, 'example.com/Widget') as Json;
    expect(result.spec).toEqual({ items: [{ name: 'a', size: 2 }], $patch: 'x' });
  });
});

describe('errors, classified as kube-apiserver does', () => {
  it.each([
    { name: 'a non-object patch', patch: [1], status: 400, message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' },
    { name: '$retainKeys that is not a list', patch: { spec: { strategy: { $retainKeys: 'type' } } }, status: 400, message: 'invalid patch format of retainKeys' },
    {
      name: 'a patched key missing from $retainKeys',
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 1 } } } },
      status: 400,
      message: 'invalid patch format of retainKeys',
    },
    {
      name: 'a list item without its merge key',
      patch: templatePatch({ containers: [{ image: 'nginx' }] }),
      status: 500,
      message: 'map: map[image:nginx] does not contain declared merge key: name',
    },
    {
      name: '$patch: merge in a list',
      patch: templatePatch({ containers: [{ $patch: 'merge' }] }),
      status: 500,
      message: 'merging lists cannot yet be specified in the patch',
    },
    {
      name: 'an unknown map directive',
      patch: { metadata: { labels: { $patch: 'merge' } } },
      status: 500,
      message: 'unknown patch type: merge in map: map[$patch:merge]',
    },
    {
      name: 'mixed item types in a merged list',
      patch: { metadata: { finalizers: [['x']] } },
      status: 500,
      message: 'list element types are not identical: [[example.com/a] [[x]]]',
    },
  ])('$name → $status', ({ patch, status, message }) => {
    let caught: unknown;
    try {
      patched(patch);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).httpStatus).toBe(status);
    expect((caught as ApiError).message).toBe(message);
  });

  it('a list of lists is a 422', () => {
    const doc = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: [] } };
    expect(() => applyStrategicMergePatch(doc, { metadata: { finalizers: [['x']] } }, '/ConfigMap')).toThrow(
      expect.objectContaining({ httpStatus: 422, message: 'the server rejected our request due to an error in our request' }),
    );
  });
});
