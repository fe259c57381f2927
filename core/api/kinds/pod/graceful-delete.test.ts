import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { podDeletionGracePeriod } from './graceful-delete.ts';

function pod(spec: Record<string, unknown>, phase?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
    ...(phase === undefined ? {} : { status: { phase } }),
  };
}

describe('podDeletionGracePeriod (CheckGracefulDelete)', () => {
  it.each([
    ['bound, no request: the spec default', pod({ nodeName: 'n', terminationGracePeriodSeconds: 30 }, 'Running'), undefined, 30],
    ['bound, no request: its own spec value', pod({ nodeName: 'n', terminationGracePeriodSeconds: 90 }, 'Running'), undefined, 90],
    ['bound, the request wins over the spec', pod({ nodeName: 'n', terminationGracePeriodSeconds: 90 }, 'Running'), 5, 5],
    ['bound, explicit 0', pod({ nodeName: 'n', terminationGracePeriodSeconds: 30 }, 'Running'), 0, 0],
    ['bound, no spec value at all: 0', pod({ nodeName: 'n' }, 'Running'), undefined, 0],
    ['bound and Pending: still graceful', pod({ nodeName: 'n', terminationGracePeriodSeconds: 30 }, 'Pending'), undefined, 30],
    ['never scheduled', pod({ terminationGracePeriodSeconds: 30 }, 'Pending'), undefined, 0],
    ['never scheduled, even with a request', pod({ terminationGracePeriodSeconds: 30 }), 60, 0],
    ['empty nodeName', pod({ nodeName: '', terminationGracePeriodSeconds: 30 }), undefined, 0],
    ['Succeeded', pod({ nodeName: 'n', terminationGracePeriodSeconds: 30 }, 'Succeeded'), 60, 0],
    ['Failed', pod({ nodeName: 'n', terminationGracePeriodSeconds: 30 }, 'Failed'), undefined, 0],
    ['negative spec value: 1 s', pod({ nodeName: 'n', terminationGracePeriodSeconds: -3 }, 'Running'), undefined, 1],
  ])('%s', (_name, subject, requested, expected) => {
    expect(podDeletionGracePeriod(subject, requested)).toBe(expected);
  });
});
