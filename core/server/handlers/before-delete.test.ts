import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../api/builtin/index.ts';
import { ApiError } from '../../api/errors.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { beforeDelete, gracefulDeleteStep, type GracePeriodOf } from './before-delete.ts';

const NOW = new Date('2025-06-01T12:00:00.700Z');
/** as a pod bound to a node with the default terminationGracePeriodSeconds */
const thirty: GracePeriodOf = (_obj, requested) => requested ?? 30;

function object(deletionTimestamp?: string, deletionGracePeriodSeconds?: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'default',
      uid: 'uid-1',
      resourceVersion: '7',
      ...(deletionTimestamp === undefined ? {} : { deletionTimestamp }),
      ...(deletionGracePeriodSeconds === undefined ? {} : { deletionGracePeriodSeconds }),
    },
  };
}

describe('gracefulDeleteStep (BeforeDelete for a graceful kind)', () => {
  it.each([
    ['first delete: now + the grace period', object(), undefined, { kind: 'graceful', deletionTimestamp: '2025-06-01T12:00:30Z', gracePeriodSeconds: 30 }],
    ['first delete with a request', object(), 5, { kind: 'graceful', deletionTimestamp: '2025-06-01T12:00:05Z', gracePeriodSeconds: 5 }],
    ['first delete with 0: marked at now, then gone', object(), 0, { kind: 'graceful', deletionTimestamp: '2025-06-01T12:00:00Z', gracePeriodSeconds: 0 }],
    ['pending, shorter request: earlier by the difference', object('2025-06-01T12:00:30Z', 30), 10, { kind: 'graceful', deletionTimestamp: '2025-06-01T12:00:10Z', gracePeriodSeconds: 10 }],
    ['pending, request 0: the final delete', object('2025-06-01T12:00:30Z', 30), 0, { kind: 'graceful', deletionTimestamp: '2025-06-01T12:00:00Z', gracePeriodSeconds: 0 }],
    ['pending, equal request: nothing', object('2025-06-01T12:00:30Z', 30), 30, { kind: 'pending' }],
    ['pending, longer request: nothing', object('2025-06-01T12:00:30Z', 30), 60, { kind: 'pending' }],
    ['pending, no request: nothing', object('2025-06-01T12:00:30Z', 30), undefined, { kind: 'pending' }],
    ['marked with grace 0 (finalizers or a failed delete): delete', object('2025-06-01T11:00:00Z', 0), 30, { kind: 'delete' }],
    ['marked without a grace period: delete', object('2025-06-01T11:00:00Z'), undefined, { kind: 'delete' }],
    ['pending with a negative stored grace: taken as 1 s', object('2025-06-01T12:00:01Z', -5), 0, { kind: 'graceful', deletionTimestamp: '2025-06-01T12:00:00Z', gracePeriodSeconds: 0 }],
  ])('%s', (_name, current, requested, expected) => {
    expect(gracefulDeleteStep(current, requested, thirty, NOW)).toEqual(expected);
  });
});

const registry = builtinRegistry();
function kind(group: string, plural: string): ResourceType {
  const found = registry.lookup(group, 'v1', plural);
  if (found === undefined) throw new Error(`no ${plural}`);
  return found;
}

describe('beforeDelete', () => {
  const pods = kind('', 'pods');

  it('deletes other kinds at once, whatever grace period is asked', () => {
    expect(beforeDelete(kind('', 'configmaps'), 30, () => NOW)(object(), undefined)).toEqual({ kind: 'delete' });
  });

  it('takes a negative requested grace period as 1 s', () => {
    const bound: KubeObject = { ...object(), spec: { nodeName: 'n', terminationGracePeriodSeconds: 30 } };
    expect(beforeDelete(pods, -1, () => NOW)(bound, undefined)).toMatchObject({ kind: 'graceful', gracePeriodSeconds: 1 });
  });

  it('gives an unbound pod no grace', () => {
    expect(beforeDelete(pods, undefined, () => NOW)({ ...object(), spec: { terminationGracePeriodSeconds: 30 } }, undefined)).toMatchObject({ gracePeriodSeconds: 0 });
  });

  it.each([
    [{ uid: 'other' }, 'Operation cannot be fulfilled on Pod "p": the UID in the precondition (other) does not match the UID in record (uid-1). The object might have been deleted and then recreated'],
    [{ resourceVersion: '6' }, 'Operation cannot be fulfilled on Pod "p": the ResourceVersion in the precondition (6) does not match the ResourceVersion in record (7). The object might have been modified'],
  ])('fails a precondition %j with kube-apiserver\'s message', (preconditions, message) => {
    const attempt = (): unknown => beforeDelete(pods, 0, () => NOW)(object(), preconditions);
    expect(attempt).toThrow(ApiError);
    expect(attempt).toThrow(message);
  });

  it('names the group of a grouped kind in the conflict', () => {
    const attempt = (): unknown => beforeDelete(kind('apps', 'deployments'), undefined, () => NOW)(object(), { uid: 'x' });
    expect(attempt).toThrow(/^Operation cannot be fulfilled on Deployment\.apps "p": the UID in the precondition \(x\)/);
  });
});
