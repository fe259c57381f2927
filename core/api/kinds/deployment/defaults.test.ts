import { describe, expect, it } from 'vitest';
import { nginxDeployment, withChanges } from '../pod/test-fixtures.ts';
import { defaultDeployment } from './defaults.ts';

describe('defaultDeployment', () => {
  it('applies the apps/v1 defaults to the nginx Deployment', () => {
    const deployment = withChanges(nginxDeployment(), [['spec.replicas', undefined]]);
    defaultDeployment(deployment);
    expect(deployment['spec']).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        spec: {
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          terminationGracePeriodSeconds: 30,
          schedulerName: 'default-scheduler',
          securityContext: {},
          containers: [
            {
              imagePullPolicy: 'IfNotPresent',
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
            },
          ],
        },
      },
    });
  });

  it('does not add rollingUpdate to a Recreate strategy', () => {
    const deployment = withChanges(nginxDeployment(), [['spec.strategy', { type: 'Recreate' }]]);
    defaultDeployment(deployment);
    expect(deployment['spec']).toMatchObject({ strategy: { type: 'Recreate' } });
    expect(deployment['spec']).not.toHaveProperty('strategy.rollingUpdate');
  });

  it('fills only the missing half of rollingUpdate and keeps explicit values', () => {
    const deployment = withChanges(nginxDeployment(), [
      ['spec.strategy', { rollingUpdate: { maxSurge: 1 } }],
      ['spec.revisionHistoryLimit', 0],
      ['spec.replicas', 5],
    ]);
    defaultDeployment(deployment);
    expect(deployment['spec']).toMatchObject({
      replicas: 5,
      revisionHistoryLimit: 0,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
    });
  });
});
