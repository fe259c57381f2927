import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import type { ObjectSource, PodRuntimeFacts } from '../env/object-source.ts';
import type { FileProjection } from './atomic-writer.ts';
import { configMapPayload, downwardAPIPayload, projectedPayload, secretPayload, type PodView } from './payloads.ts';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const configMap: KubeObject = {
  metadata: { name: 'cfg', namespace: 'ns' },
  data: { 'app.conf': 'a=1', other: 'o' },
  binaryData: { 'logo.bin': b64('\x00\x01bin') },
};
const secret: KubeObject = { metadata: { name: 'sec', namespace: 'ns' }, data: { token: b64('t0k3n'), ca: b64('CA') } };
const objects: ObjectSource = {
  configMap: (ns, name) => (ns === 'ns' && name === 'cfg' ? configMap : undefined),
  secret: (ns, name) => (ns === 'ns' && name === 'sec' ? secret : undefined),
};
const facts: PodRuntimeFacts = { nodeName: 'n', hostIP: '', podIP: '', podIPs: [], nodeAllocatable: { cpuMillis: 2000, memoryBytes: 1024 ** 3 } };
const pod: PodView = {
  meta: { name: 'p', namespace: 'ns', uid: 'u1', labels: { b: '2', a: '1' }, annotations: { x: 'y' } },
  spec: { containers: [{ name: 'app', resources: { limits: { memory: '64Mi' } } }], initContainers: [], volumes: [], nodeName: 'n', serviceAccountName: 'sa' },
};

/** path → [text, mode] for compact expectations */
const view = (payload: ReadonlyMap<string, FileProjection>): Record<string, [string, string]> =>
  Object.fromEntries([...payload].map(([path, file]) => [path, [file.data.toString('latin1'), file.mode.toString(8)]]));

describe('configMapPayload', () => {
  it.each<[string, Parameters<typeof configMapPayload>, Record<string, [string, string]>]>([
    ['all data and binaryData keys with defaultMode', [configMap, undefined, 0o644, false], { 'app.conf': ['a=1', '644'], other: ['o', '644'], 'logo.bin': ['\x00\x01bin', '644'] }],
    ['defaultMode applies to every key', [configMap, [], 0o400, false], { 'app.conf': ['a=1', '400'], other: ['o', '400'], 'logo.bin': ['\x00\x01bin', '400'] }],
    ['items pick keys, rename them and set modes', [configMap, [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o600 }, { key: 'logo.bin', path: 'logo' }], 0o644, false], { 'conf/app.conf': ['a=1', '600'], logo: ['\x00\x01bin', '644'] }],
    ['a missing object, optional: empty', [undefined, undefined, 0o644, true], {}],
    ['optional skips missing items', [configMap, [{ key: 'nope', path: 'x' }, { key: 'other', path: 'o' }], 0o644, true], { o: ['o', '644'] }],
  ])('%s', (_name, args, expected) => {
    expect(view(configMapPayload(...args))).toEqual(expected);
  });

  it('a missing item key fails unless optional', () => {
    expect(() => configMapPayload(configMap, [{ key: 'nope', path: 'x' }], 0o644, false)).toThrow('configmap references non-existent config key: nope');
  });
});

describe('secretPayload', () => {
  it.each<[string, Parameters<typeof secretPayload>, Record<string, [string, string]>]>([
    ['decoded data with defaultMode', [secret, undefined, 0o644, false], { token: ['t0k3n', '644'], ca: ['CA', '644'] }],
    ['items with a per-item mode', [secret, [{ key: 'token', path: 'auth/token', mode: 0o400 }], 0o644, false], { 'auth/token': ['t0k3n', '400'] }],
    ['a missing object, optional: empty', [undefined, [{ key: 'token', path: 't' }], 0o644, true], {}],
  ])('%s', (_name, args, expected) => {
    expect(view(secretPayload(...args))).toEqual(expected);
  });

  it('a missing item key fails unless optional', () => {
    expect(() => secretPayload(secret, [{ key: 'nope', path: 'x' }], 0o644, false)).toThrow('references non-existent secret key: nope');
  });
});

describe('downwardAPIPayload', () => {
  it('renders fields, label and annotation maps, and resources', () => {
    const payload = downwardAPIPayload(
      [
        { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
        { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' }, mode: 0o600 },
        { path: 'meta/annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
        { path: 'label-a', fieldRef: { fieldPath: "metadata.labels['a']" } },
        { path: 'mem', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
        { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } },
      ],
      pod,
      facts,
      0o644,
    );
    expect(view(payload)).toEqual({
      name: ['p', '644'],
      labels: ['a="1"\nb="2"', '600'],
      'meta/annotations': ['x="y"', '644'],
      'label-a': ['1', '644'],
      mem: ['64', '644'],
      cpu: ['2000', '644'],
    });
  });

  it('reports every failing item together', () => {
    const items = [
      { path: 'a', fieldRef: { fieldPath: 'spec.nodeName' } },
      { path: 'b', resourceFieldRef: { containerName: 'ghost', resource: 'limits.cpu' } },
    ];
    expect(() => downwardAPIPayload(items, pod, facts, 0o644)).toThrow('[unsupported fieldPath: spec.nodeName, container ghost not found]');
  });
});

describe('projectedPayload', () => {
  it('merges sources in order and skips what it cannot project', () => {
    const { payload, skipped } = projectedPayload(
      [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'ca.crt' }] } },
        { secret: { name: 'sec', items: [{ key: 'ca', path: 'ca.crt', mode: 0o400 }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
        { configMap: { name: 'absent', optional: true } },
      ],
      pod,
      objects,
      facts,
      0o644,
    );
    expect(view(payload)).toEqual({ 'ca.crt': ['CA', '400'], namespace: ['ns', '644'] });
    expect(skipped).toEqual(['serviceAccountToken (path "token")']);
  });

  it.each([
    [[{ configMap: { name: 'absent' } }], 'configmap "absent" not found'],
    [[{ secret: { name: 'absent' } }], 'secret "absent" not found'],
    [[{ secret: { name: 'absent' } }, { configMap: { name: 'gone' } }], '[secret "absent" not found, configmap "gone" not found]'],
  ])('fails for missing required sources: %s', (sources, message) => {
    expect(() => projectedPayload(sources, pod, objects, facts, 0o644)).toThrow(message);
  });
});
