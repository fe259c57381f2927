import { describe, expect, it } from 'vitest';
import { extractFieldPathAsString, formatMap, goQuote, podFieldValue, splitSubscript } from './field-path.ts';
import type { PodMeta, PodSpecParts } from './pod-parts.ts';
import type { PodRuntimeFacts } from './object-source.ts';

const meta: PodMeta = {
  name: 'web-0',
  namespace: 'shop',
  uid: 'uid-123',
  labels: { app: 'web', tier: 'front', 'example.com/team': 'a' },
  annotations: { note: 'say "hi"\n', 'Example.com/Owner': 'me' },
};
const spec: PodSpecParts = {
  containers: [],
  initContainers: [],
  volumes: [],
  nodeName: 'node-a',
  serviceAccountName: 'builder',
};
const facts: PodRuntimeFacts = {
  nodeName: 'node-fact',
  hostIP: '192.168.1.5',
  podIP: '10.0.0.7',
  podIPs: ['10.0.0.7', 'fd00::7'],
  nodeAllocatable: { cpuMillis: 4000, memoryBytes: 8 * 1024 ** 3 },
};

describe('splitSubscript', () => {
  it.each([
    ["metadata.labels['app']", ['metadata.labels', 'app']],
    ["metadata.annotations['a/b']", ['metadata.annotations', 'a/b']],
    ['metadata.labels', undefined],
    ["['x']", undefined],
    ["metadata.labels['x'", undefined],
  ])('%s', (path, expected) => expect(splitSubscript(path)).toEqual(expected));
});

describe('extractFieldPathAsString (downwardAPI volumes)', () => {
  it.each([
    ['metadata.name', 'web-0'],
    ['metadata.namespace', 'shop'],
    ['metadata.uid', 'uid-123'],
    ["metadata.labels['app']", 'web'],
    ["metadata.labels['missing']", ''],
    ["metadata.annotations['Example.com/Owner']", 'me'],
    ['metadata.labels', 'app="web"\nexample.com/team="a"\ntier="front"'],
    ['metadata.annotations', 'Example.com/Owner="me"\nnote="say \\"hi\\"\\n"'],
  ])('%s → %j', (path, expected) => expect(extractFieldPathAsString(meta, path)).toBe(expected));

  it.each([
    ['spec.nodeName', 'unsupported fieldPath: spec.nodeName'],
    ["metadata.name['x']", 'fieldPath "metadata.name[\'x\']" does not support subscript'],
    ["metadata.labels['a b']", "invalid key subscript in metadata.labels['a b']"],
  ])('%s fails', (path, message) => expect(() => extractFieldPathAsString(meta, path)).toThrow(message));
});

describe('podFieldValue (env)', () => {
  it.each([
    ['metadata.name', 'web-0'],
    ["metadata.labels['tier']", 'front'],
    ['spec.nodeName', 'node-a'],
    ['spec.serviceAccountName', 'builder'],
    ['status.hostIP', '192.168.1.5'],
    ['status.hostIPs', '192.168.1.5'],
    ['status.podIP', '10.0.0.7'],
    ['status.podIPs', '10.0.0.7,fd00::7'],
  ])('%s → %j', (fieldPath, expected) => expect(podFieldValue(meta, spec, { fieldPath }, facts)).toBe(expected));

  it('falls back to the node fact when the pod has no nodeName', () => {
    expect(podFieldValue(meta, { ...spec, nodeName: '' }, { fieldPath: 'spec.nodeName' }, facts)).toBe('node-fact');
  });

  it('takes podIP from podIPs first, else from podIP', () => {
    expect(podFieldValue(meta, spec, { fieldPath: 'status.podIP' }, { ...facts, podIP: 'x', podIPs: ['10.9.9.9'] })).toBe('10.9.9.9');
    expect(podFieldValue(meta, spec, { fieldPath: 'status.podIPs' }, { ...facts, podIPs: [] })).toBe('10.0.0.7');
  });

  it.each([
    [{ fieldPath: 'spec.foo' }, 'field label not supported: spec.foo'],
    [{ fieldPath: "spec.nodeName['x']" }, "field label does not support subscript: spec.nodeName['x']"],
    [{ fieldPath: 'spec.restartPolicy' }, 'unsupported fieldPath: spec.restartPolicy'],
    [{ apiVersion: 'v2', fieldPath: 'metadata.name' }, 'unsupported pod version: v2'],
  ])('%j fails with %s', (selector, message) => expect(() => podFieldValue(meta, spec, selector, facts)).toThrow(message));
});

describe('formatMap and goQuote', () => {
  it('sorts keys by bytes and drops the final newline', () => {
    expect(formatMap({ b: '2', B: '1', a: '3' })).toBe('B="1"\na="3"\nb="2"');
    expect(formatMap({})).toBe('');
  });

  it.each([
    ['plain', '"plain"'],
    ['tab\there', '"tab\\there"'],
    ['back\\slash', '"back\\\\slash"'],
    ['bell\x07', '"bell\\a"'],
    ['ctl\x01', '"ctl\\x01"'],
    ['del\x7f', '"del\\x7f"'],
    ['ünïcode ✓', '"ünïcode ✓"'],
    ['nbsp\u00a0', '"nbsp\\u00a0"'],
    ['emoji 😀', '"emoji 😀"'],
  ])('%j → %s', (input, expected) => expect(goQuote(input)).toBe(expected));
});
