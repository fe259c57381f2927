import { describe, expect, it } from 'vitest';
import { MESSAGE_TABLES, MESSAGES, PROTOBUF_KINDS, PROTOBUF_OPTIONS_KINDS } from './messages.ts';
import type { FieldSpec } from './schema.ts';

const allFields = (): [string, number, FieldSpec][] =>
  Object.entries(MESSAGES).flatMap(([name, spec]) => Object.entries(spec).map(([number, field]): [string, number, FieldSpec] => [name, Number(number), field]));

describe('message tables', () => {
  it('define each message name once across the files', () => {
    const names = Object.values(MESSAGE_TABLES).flatMap((table) => Object.keys(table));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(Object.keys(MESSAGES)).toHaveLength(names.length);
  });

  it('reference only messages that exist, so no body can reach a missing schema', () => {
    const missing = allFields()
      .map(([name, number, field]) => [`${name}.${number}`, field.type.kind === 'message' || field.type.kind === 'inline' ? field.type.message : undefined] as const)
      .filter(([, target]) => target !== undefined && MESSAGES[target] === undefined);
    expect(missing).toEqual([]);
  });

  it('give every field of a message its own JSON name', () => {
    for (const [name, spec] of Object.entries(MESSAGES)) {
      const json = Object.values(spec).map((field: FieldSpec) => field.json).filter((n) => n !== '');
      expect(json.filter((n, i) => json.indexOf(n) !== i), name).toEqual([]);
    }
  });

  it('map every accepted kind to a message with metadata, and the options kinds to theirs', () => {
    for (const [kind, message] of Object.entries(PROTOBUF_KINDS)) {
      expect(MESSAGES[message]?.[1]?.json, kind).toBe('metadata');
    }
    expect(MESSAGES[PROTOBUF_OPTIONS_KINDS['DeleteOptions'] ?? '']?.[1]?.json).toBe('gracePeriodSeconds');
  });

  it.each([
    // Spot checks against k8s.io/api generated.proto, where a wrong number would silently drop a field.
    ['PodSpec', 2, 'containers'],
    ['PodSpec', 30, 'enableServiceLinks'],
    ['Container', 14, 'imagePullPolicy'],
    ['ServiceSpec', 4, 'type'],
    ['ServicePort', 4, 'targetPort'],
    ['DeploymentSpec', 9, 'progressDeadlineSeconds'],
    ['LeaseSpec', 4, 'renewTime'],
    ['EndpointSlice', 4, 'addressType'],
    ['NodeStatus', 7, 'nodeInfo'],
    ['PersistentVolumeSpec', 5, 'persistentVolumeReclaimPolicy'],
    ['ObjectMeta', 17, 'managedFields'],
  ])('%s field %i is %s', (message, number, json) => {
    expect(MESSAGES[message]?.[number]?.json).toBe(json);
  });
});
