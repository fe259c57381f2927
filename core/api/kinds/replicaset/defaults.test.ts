import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { frontendReplicaSet, withChanges } from '../pod/test-fixtures.ts';
import { defaultReplicaSet } from './defaults.ts';

describe('defaultReplicaSet', () => {
  it('defaults replicas to 1 and the template like a pod spec (without pod-only defaults)', () => {
    const rs = withChanges(frontendReplicaSet(), [['spec.replicas', undefined]]);
    defaultReplicaSet(rs);
    expect(rs['spec']).toMatchObject({
      replicas: 1,
      template: {
        spec: {
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
          terminationGracePeriodSeconds: 30,
          securityContext: {},
          containers: [{ imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }],
        },
      },
    });
    expect(rs['spec']).not.toHaveProperty('template.spec.enableServiceLinks');
  });

  it('keeps replicas 0', () => {
    const rs = withChanges(frontendReplicaSet(), [['spec.replicas', 0]]);
    defaultReplicaSet(rs);
    expect(rs['spec']).toMatchObject({ replicas: 0 });
  });

  it('defaults a template the client left out', () => {
    const rs: KubeObject = { metadata: { name: 'x' }, spec: { selector: { matchLabels: { a: 'b' } } } };
    defaultReplicaSet(rs);
    expect(rs['spec']).toMatchObject({ replicas: 1, template: { spec: { restartPolicy: 'Always' } } });
  });
});
