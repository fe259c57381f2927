import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { MAX_JSON_PATCH_OPERATIONS, applyJsonPatch } from './json-patch.ts';

function deployment(): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { owner: 'team-a' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.14', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('applyJsonPatch', () => {
  it.each([
    {
      name: 'kubectl patch --type=json replace of an image',
      patch: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:1.16' }],
      path: ['spec', 'template', 'spec', 'containers', 0, 'image'],
      expected: 'nginx:1.16',
    },
    {
      name: 'add a label with an escaped key',
      patch: [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' }],
      path: ['metadata', 'labels', 'app.kubernetes.io/name'],
      expected: 'web',
    },
    {
      name: 'append a container with "-"',
      patch: [{ op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'sidecar', image: 'busybox' } }],
      path: ['spec', 'template', 'spec', 'containers', 1, 'name'],
      expected: 'sidecar',
    },
    {
      name: 'remove an annotation',
      patch: [{ op: 'remove', path: '/metadata/annotations/owner' }],
      path: ['metadata', 'annotations'],
      expected: {},
    },
    {
      name: 'a passing test guards a replace',
      patch: [
        { op: 'test', path: '/spec/replicas', value: 2 },
        { op: 'replace', path: '/spec/replicas', value: 5 },
      ],
      path: ['spec', 'replicas'],
      expected: 5,
    },
    {
      name: 'copy then move',
      patch: [
        { op: 'copy', from: '/metadata/labels', path: '/metadata/annotations' },
        { op: 'move', from: '/metadata/annotations/app', path: '/metadata/annotations/moved' },
      ],
      path: ['metadata', 'annotations'],
      expected: { moved: 'web' },
    },
  ])('$name', ({ patch, path, expected }) => {
    let value: unknown = applyJsonPatch(deployment(), patch);
    for (const step of path) value = (value as Record<string | number, unknown>)[step];
    expect(value).toEqual(expected);
  });

  it('leaves the document and the patch untouched', () => {
    const doc = deployment();
    const before = structuredClone(doc);
    const patch = [{ op: 'add', path: '/metadata/labels/tier', value: { nested: true } }];
    const result = applyJsonPatch(doc, patch) as { metadata: { labels: Record<string, unknown> } };
    expect(doc).toEqual(before);
    (result.metadata.labels.tier as Record<string, unknown>).nested = false;
    expect(patch[0]?.value).toEqual({ nested: true });
  });

  it.each([
    { name: 'an object instead of a list', patch: { op: 'add' }, message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' },
    { name: 'null', patch: null, message: 'json: cannot unmarshal null into Go value of type jsonpatch.Patch' },
    { name: 'a string operation', patch: ['add'], message: 'json: cannot unmarshal string into Go value of type jsonpatch.Operation' },
  ])('rejects $name with 400', ({ patch, message }) => {
    const error = thrown(() => applyJsonPatch(deployment(), patch));
    expect(error.code).toBe('BadRequest');
    expect(error.httpStatus).toBe(400);
    expect(error.message).toBe(message);
  });

  it.each([
    { name: 'a failed test', patch: [{ op: 'test', path: '/spec/replicas', value: 3 }] },
    { name: 'removing a missing field', patch: [{ op: 'remove', path: '/spec/paused' }] },
    { name: 'replacing under a missing parent', patch: [{ op: 'replace', path: '/status/replicas', value: 1 }] },
    { name: 'an unknown op', patch: [{ op: 'frobnicate', path: '/spec/replicas', value: 1 }] },
    { name: 'an operation without a path', patch: [{ op: 'add', value: 1 }] },
  ])('answers $name with 422 like kube-apiserver', ({ patch }) => {
    const doc = deployment();
    const error = thrown(() => applyJsonPatch(doc, patch));
    expect(error.code).toBe('Invalid');
    expect(error.httpStatus).toBe(422);
    expect(error.message).toBe('the server rejected our request due to an error in our request');
    expect(doc).toEqual(deployment());
  });

  it('refuses more operations than kube-apiserver allows', () => {
    const patch = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/spec/replicas', value: 2 }));
    const error = thrown(() => applyJsonPatch(deployment(), patch));
    expect(error.httpStatus).toBe(413);
    expect(error.message).toBe('The allowed maximum operations in a JSON patch is 10000, got 10001');
  });
});
