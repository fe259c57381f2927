import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../api/builtin/index.ts';
import { ApiError } from '../../api/errors.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { decodeFields } from './field-check.ts';

const registry = builtinRegistry();
const typeOf = (group: string, kind: string): ResourceType => {
  const type = registry.byGroupKind(group, kind);
  if (type === undefined) throw new Error(`no ${group}/${kind}`);
  return type;
};
const deployments = typeOf('apps', 'Deployment');
const configMaps = typeOf('', 'ConfigMap');

const deployment = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec });

describe('decodeFields', () => {
  it.each([
    ['body', 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"'],
    ['patch', 'strict decoding error: unknown field "spec.replicaz"'],
  ] as const)('Strict names the kind only for a %s, as kube-apiserver does', (source, message) => {
    let thrown: unknown;
    try {
      decodeFields(deployments, deployment({ replicaz: 2 }), 'Strict', source);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).message).toBe(message);
  });

  it('Warn returns the unknown fields as warnings', () => {
    expect(decodeFields(deployments, deployment({ replicaz: 2 }), 'Warn').warnings).toEqual(['unknown field "spec.replicaz"']);
    expect(decodeFields(deployments, deployment({ replicaz: 2 }), 'Ignore').warnings).toEqual([]);
  });
});

describe('decodeFields, what it stores', () => {
  it.each([
    [
      'unknown fields at any depth, keeping apiVersion and kind',
      deployment({ replicas: 1, replicaz: 2, template: { spec: { containers: [{ name: 'a', image: 'x', imagePullPolcy: 'Always' }] } } }),
      deployment({ replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'x' }] } } }),
    ],
    [
      'empty maps, which Go omits',
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: {}, annotations: { a: 'b' } }, spec: { selector: { matchLabels: {} } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', annotations: { a: 'b' } }, spec: { selector: {} } },
    ],
    [
      'but not empty structs or lists',
      deployment({ template: { spec: { containers: [], securityContext: {} } }, strategy: {} }),
      deployment({ template: { spec: { containers: [], securityContext: {} } }, strategy: {} }),
    ],
  ])('drops %s', (_what, input, expected) => {
    const sent = structuredClone(input) as KubeObject;
    const { object } = decodeFields(deployments, sent, 'Ignore');
    expect(object).toEqual(expected);
    // A copy: the caller changes it freely, and the body it came from is left as it was.
    expect(sent).toEqual(input);
    expect(object.metadata).not.toBe(sent.metadata);
  });

  it('drops the empty data of a ConfigMap and keeps its values', () => {
    const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {}, binaryData: { b: 'AA==' } };
    expect(decodeFields(configMaps, obj, 'Warn').object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, binaryData: { b: 'AA==' } });
  });
});
