import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { ContainerConfigError, type ObjectSource, type PodRuntimeFacts } from './object-source.ts';
import { invalidKeysEventMessage, resolveEnv, type EnvVarValue } from './resolve-env.ts';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

const objects: Record<string, KubeObject> = {
  'ConfigMap/app-config': {
    metadata: { name: 'app-config', namespace: 'shop' },
    data: { MODE: 'prod', LEVEL: 'info', 'dotted.key': 'ok' },
    binaryData: { BLOB: b64('binary') },
  },
  'ConfigMap/other-config': { metadata: { name: 'other-config', namespace: 'shop' }, data: { LEVEL: 'debug' } },
  'ConfigMap/odd-config': {
    metadata: { name: 'odd-config', namespace: 'shop' },
    data: { GOOD: '1', 'has=equals': 'x', 'ctl\u0001': 'y' },
  },
  'Secret/db': { metadata: { name: 'db', namespace: 'shop' }, data: { PASSWORD: b64('s3cret'), USER: b64('admin') } },
};
const source: ObjectSource = {
  configMap: (namespace, name) => (namespace === 'shop' ? objects[`ConfigMap/${name}`] : undefined),
  secret: (namespace, name) => (namespace === 'shop' ? objects[`Secret/${name}`] : undefined),
};
const facts: PodRuntimeFacts = {
  nodeName: 'node-a',
  hostIP: '192.168.1.5',
  podIP: '10.0.0.7',
  podIPs: ['10.0.0.7'],
  nodeAllocatable: { cpuMillis: 2000, memoryBytes: 1024 ** 3 },
};

function podWith(container: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'shop', uid: 'u-1', labels: { app: 'web' }, annotations: { a: 'b' } },
    spec: { nodeName: 'node-a', serviceAccountName: 'default', containers: [container] },
  };
}

function resolve(container: Record<string, unknown>, serviceEnv: EnvVarValue[] = []): Record<string, string> {
  const { env } = resolveEnv(podWith(container), container, source, facts, serviceEnv);
  return Object.fromEntries(env.map((e) => [e.name, e.value]));
}

const cm = (name: string, extra: Record<string, unknown> = {}) => ({ configMapRef: { name, ...extra } });

describe('resolveEnv: sources and precedence', () => {
  it.each<[string, Record<string, unknown>, EnvVarValue[], Record<string, string>]>([
    ['service env alone', {}, [{ name: 'SVC_HOST', value: '10.96.0.1' }], { SVC_HOST: '10.96.0.1' }],
    ['envFrom configMap, data only', { envFrom: [cm('app-config')] }, [], { MODE: 'prod', LEVEL: 'info', 'dotted.key': 'ok' }],
    ['envFrom with a prefix', { envFrom: [{ prefix: 'APP_', configMapRef: { name: 'other-config' } }] }, [], { APP_LEVEL: 'debug' }],
    ['envFrom secret decoded', { envFrom: [{ secretRef: { name: 'db' } }] }, [], { PASSWORD: 's3cret', USER: 'admin' }],
    ['later envFrom wins', { envFrom: [cm('app-config'), cm('other-config')] }, [], { MODE: 'prod', LEVEL: 'debug', 'dotted.key': 'ok' }],
    ['envFrom beats service env', { envFrom: [cm('other-config')] }, [{ name: 'LEVEL', value: 'svc' }], { LEVEL: 'debug' }],
    [
      'env beats envFrom',
      { envFrom: [cm('other-config')], env: [{ name: 'LEVEL', value: 'warn' }] },
      [],
      { LEVEL: 'warn' },
    ],
    ['optional missing envFrom is skipped', { envFrom: [cm('nope', { optional: true }), { secretRef: { name: 'nope', optional: true } }] }, [], {}],
    ['empty value without valueFrom is defined', { env: [{ name: 'EMPTY' }] }, [], { EMPTY: '' }],
  ])('%s', (_name, container, serviceEnv, expected) => {
    expect(resolve(container, serviceEnv)).toEqual(expected);
  });

  it('lists variables in precedence order: service, envFrom, env', () => {
    const container = { envFrom: [cm('other-config')], env: [{ name: 'X', value: '1' }, { name: 'SVC', value: '2' }] };
    const { env } = resolveEnv(podWith(container), container, source, facts, [{ name: 'SVC', value: '0' }, { name: 'KEEP', value: 'k' }]);
    expect(env.map((e) => e.name)).toEqual(['KEEP', 'LEVEL', 'X', 'SVC']);
  });
});

describe('resolveEnv: $(VAR) expansion', () => {
  it.each<[string, Record<string, unknown>[], Record<string, string>]>([
    ['an earlier env var', [{ name: 'A', value: 'x' }, { name: 'B', value: '$(A)-y' }], { A: 'x', B: 'x-y' }],
    ['a later env var is not visible', [{ name: 'B', value: '$(A)' }, { name: 'A', value: 'x' }], { B: '$(A)', A: 'x' }],
    ['an undefined name stays', [{ name: 'B', value: 'pre-$(NOPE)' }], { B: 'pre-$(NOPE)' }],
    ['escaped reference', [{ name: 'A', value: 'x' }, { name: 'B', value: '$$(A)' }], { A: 'x', B: '$(A)' }],
    ['envFrom and service values', [{ name: 'B', value: '$(LEVEL)@$(SVC_HOST)' }], { B: 'debug@10.96.0.1' }],
    ['self reference to the envFrom value', [{ name: 'LEVEL', value: '$(LEVEL),trace' }], { LEVEL: 'debug,trace' }],
    ['a valueFrom result can be referenced', [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'URL', value: 'http://$(N)' }], { N: 'web-0', URL: 'http://web-0' }],
  ])('%s', (_name, env, expected) => {
    const resolved = resolve({ envFrom: [cm('other-config')], env }, [{ name: 'SVC_HOST', value: '10.96.0.1' }]);
    expect(resolved).toMatchObject(expected);
  });
});

describe('resolveEnv: valueFrom', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['configMapKeyRef', { configMapKeyRef: { name: 'app-config', key: 'MODE' } }, 'prod'],
    ['secretKeyRef', { secretKeyRef: { name: 'db', key: 'PASSWORD' } }, 's3cret'],
    ['fieldRef metadata.name', { fieldRef: { fieldPath: 'metadata.name' } }, 'web-0'],
    ['fieldRef metadata.namespace', { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }, 'shop'],
    ['fieldRef metadata.uid', { fieldRef: { fieldPath: 'metadata.uid' } }, 'u-1'],
    ['fieldRef label', { fieldRef: { fieldPath: "metadata.labels['app']" } }, 'web'],
    ['fieldRef annotation', { fieldRef: { fieldPath: "metadata.annotations['a']" } }, 'b'],
    ['fieldRef spec.nodeName', { fieldRef: { fieldPath: 'spec.nodeName' } }, 'node-a'],
    ['fieldRef spec.serviceAccountName', { fieldRef: { fieldPath: 'spec.serviceAccountName' } }, 'default'],
    ['fieldRef status.hostIP', { fieldRef: { fieldPath: 'status.hostIP' } }, '192.168.1.5'],
    ['fieldRef status.podIPs', { fieldRef: { fieldPath: 'status.podIPs' } }, '10.0.0.7'],
    ['resourceFieldRef limit defaulted to node', { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } }, '2000'],
    ['resourceFieldRef memory limit', { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } }, '256'],
    ['resourceFieldRef request', { resourceFieldRef: { resource: 'requests.cpu' } }, '1'],
  ])('%s', (_name, valueFrom, expected) => {
    const container = { name: 'app', resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m' } }, env: [{ name: 'V', valueFrom }] };
    expect(resolve(container)['V']).toBe(expected);
  });

  it('an optional reference to a missing object or key leaves the variable unset, or at its envFrom value', () => {
    const env = [
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } },
      { name: 'B', valueFrom: { secretKeyRef: { name: 'nope', key: 'k', optional: true } } },
      { name: 'C', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'nope', optional: true } } },
      { name: 'LEVEL', valueFrom: { secretKeyRef: { name: 'db', key: 'nope', optional: true } } },
    ];
    expect(resolve({ envFrom: [cm('other-config')], env })).toEqual({ LEVEL: 'debug' });
  });

  it('does not read binaryData for a configMapKeyRef', () => {
    const env = [{ name: 'B', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'BLOB' } } }];
    expect(() => resolve({ env })).toThrow("couldn't find key BLOB in ConfigMap shop/app-config");
  });
});

describe('resolveEnv: errors (CreateContainerConfigError)', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['envFrom configMap missing', { envFrom: [cm('missing')] }, 'configmap "missing" not found'],
    ['envFrom secret missing', { envFrom: [{ secretRef: { name: 'missing' } }] }, 'secret "missing" not found'],
    ['configMapKeyRef object missing', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'missing', key: 'k' } } }] }, 'configmap "missing" not found'],
    ['secretKeyRef object missing', { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'missing', key: 'k' } } }] }, 'secret "missing" not found'],
    ['configMapKeyRef key missing', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'K' } } }] }, "couldn't find key K in ConfigMap shop/app-config"],
    ['secretKeyRef key missing', { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'db', key: 'K' } } }] }, "couldn't find key K in Secret shop/db"],
    ['unsupported fieldPath', { env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }] }, 'field label not supported: spec.bogus'],
    ['unknown container in resourceFieldRef', { env: [{ name: 'A', valueFrom: { resourceFieldRef: { containerName: 'x', resource: 'limits.cpu' } } }] }, 'container x not found'],
  ])('%s', (_name, container, message) => {
    let caught: unknown;
    try {
      resolve(container);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContainerConfigError);
    expect(caught).toHaveProperty('message', message);
  });
});

describe('resolveEnv: keys that cannot be variable names', () => {
  it('skips them, reports them sorted per source, and keeps the valid keys', () => {
    const container = { envFrom: [cm('odd-config'), cm('app-config')] };
    const result = resolveEnv(podWith(container), container, source, facts);
    expect(result.env.map((e) => e.name)).toEqual(['GOOD', 'MODE', 'LEVEL', 'dotted.key']);
    expect(result.invalidKeys).toEqual([{ kind: 'ConfigMap', namespace: 'shop', name: 'odd-config', keys: ['ctl\u0001', 'has=equals'] }]);
    expect(invalidKeysEventMessage({ kind: 'Secret', namespace: 'shop', name: 's', keys: ['1a', 'b=c'] })).toBe(
      'Keys [1a, b=c] from the EnvFrom secret shop/s were skipped since they are considered invalid environment variable names.',
    );
  });
});
