import { describe, expect, it } from 'vitest';
import { planReplicaSetSync } from './plan.ts';
import { podFromTemplate, podNamePrefix } from './pod-from-template.ts';
import { slowStartBatchSizes } from './slow-start.ts';
import { pod, replicaSet } from './test-fixtures.ts';

const pods = (count: number, shape: { ready?: boolean } = {}) =>
  Array.from({ length: count }, (_, i) => pod({ name: `p${i}`, node: 'n1', created: i, ...(shape.ready === false ? {} : { readySince: 1 }) }));

describe('planReplicaSetSync', () => {
  it.each([
    { replicas: 3, have: 0, satisfied: true, burst: 500, create: 3, deletes: 0 },
    { replicas: 3, have: 1, satisfied: true, burst: 500, create: 2, deletes: 0 },
    { replicas: 3, have: 3, satisfied: true, burst: 500, create: 0, deletes: 0 },
    { replicas: 1, have: 3, satisfied: true, burst: 500, create: 0, deletes: 2 },
    { replicas: 0, have: 3, satisfied: true, burst: 500, create: 0, deletes: 3 },
    { replicas: 3, have: 0, satisfied: false, burst: 500, create: 0, deletes: 0 },
    { replicas: 0, have: 3, satisfied: false, burst: 500, create: 0, deletes: 0 },
    { replicas: 900, have: 0, satisfied: true, burst: 500, create: 500, deletes: 0 },
    { replicas: 0, have: 8, satisfied: true, burst: 5, create: 0, deletes: 5 },
  ])('replicas $replicas with $have pods, expectations satisfied $satisfied: create $create, delete $deletes', (row) => {
    const plan = planReplicaSetSync(replicaSet({ replicas: row.replicas }), { pods: pods(row.have), expectationsSatisfied: row.satisfied, burstReplicas: row.burst });
    expect(plan.create).toBe(row.create);
    expect(plan.delete).toHaveLength(row.deletes);
  });

  it('deletes the least useful pods: not ready, then the newest', () => {
    const owned = [pod({ name: 'old', node: 'n1', created: 1, readySince: 2 }), pod({ name: 'new', node: 'n1', created: 5, readySince: 6 }), pod({ name: 'starting', node: 'n1', created: 9 })];
    const plan = planReplicaSetSync(replicaSet({ replicas: 1 }), { pods: owned, expectationsSatisfied: true });
    expect(plan.delete.map((p) => p.metadata.name)).toEqual(['starting', 'new']);
  });

  it('does nothing for a ReplicaSet being deleted', () => {
    const rs = replicaSet({ replicas: 3 });
    rs.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    expect(planReplicaSetSync(rs, { pods: [], expectationsSatisfied: true })).toEqual({ create: 0, delete: [] });
  });
});

describe('slow start', () => {
  it.each([
    [0, []],
    [1, [1]],
    [3, [1, 2]],
    [10, [1, 2, 4, 3]],
    [16, [1, 2, 4, 8, 1]],
  ])('%d creations go in batches %j', (count, sizes) => {
    expect(slowStartBatchSizes(count)).toEqual(sizes);
  });
});

describe('podFromTemplate', () => {
  it('names pods <rs>- for generateName and makes the ReplicaSet their controller', () => {
    const rs = replicaSet({ name: 'nginx-7d4f' });
    rs.spec.template = { metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const created = podFromTemplate(rs);
    expect(created.metadata).toEqual({
      generateName: 'nginx-7d4f-',
      namespace: 'default',
      labels: { app: 'web' },
      annotations: { a: 'b' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'nginx-7d4f', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
    });
    expect(created['spec']).toEqual({ containers: [{ name: 'c', image: 'nginx' }] });
    // Not a copy: the API client copies before it defaults anything.
    expect(created['spec']).toBe(rs.spec.template.spec);
  });

  it.each([
    ['web', 'web-'],
    ['Web_Bad', 'Web_Bad'],
  ])('prefix of %s is %s', (name, prefix) => {
    expect(podNamePrefix(name)).toBe(prefix);
  });
});
