import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { deploymentTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function deployment(spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-05-31T12:00:00Z' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'log', image: 'fluent-bit:3' }] },
      },
      ...spec,
    },
    status,
  };
}

describe('deploymentTable', () => {
  it('has printDeployment columns', () => {
    expect(deploymentTable.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Up-to-date', 'string', 0],
      ['Available', 'string', 0],
      ['Age', 'string', 0],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      'fully rolled out',
      deployment({ replicas: 3 }, { replicas: 3, readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
      ['web', '3/3', 3, 3, '24h', 'nginx,log', 'nginx:1.25,fluent-bit:3', 'app=web'],
    ],
    [
      'rolling out, empty status fields',
      deployment({ replicas: 3 }, { replicas: 1, updatedReplicas: 1 }),
      ['web', '0/3', 1, 0, '24h', 'nginx,log', 'nginx:1.25,fluent-bit:3', 'app=web'],
    ],
    [
      'replicas omitted defaults to 1, expression selector',
      deployment(
        {
          selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] },
        },
        {},
      ),
      ['web', '0/1', 0, 0, '24h', 'nginx,log', 'nginx:1.25,fluent-bit:3', 'app=web,tier in (a,b)'],
    ],
    [
      'empty selector prints empty, broken one <invalid>',
      deployment({ replicas: 0, selector: { matchExpressions: [{ key: 'x', operator: 'Bogus' }] } }, {}),
      ['web', '0/0', 0, 0, '24h', 'nginx,log', 'nginx:1.25,fluent-bit:3', '<invalid>'],
    ],
    [
      'scaled to zero with empty selector',
      deployment({ replicas: 0, selector: {} }, {}),
      ['web', '0/0', 0, 0, '24h', 'nginx,log', 'nginx:1.25,fluent-bit:3', ''],
    ],
  ])('%s', (_name, obj, cells) => {
    expect(deploymentTable.cells(obj, now)).toEqual(cells);
  });
});
