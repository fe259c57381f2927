import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/types/meta.ts';
import { PdbLimits } from './pdb-limits.ts';
import { pdb, pod } from './test-fixtures.ts';

const web = pod('web-1', 'n1', { labels: { app: 'web' } });

describe('PdbLimits.blockingPdb (Karpenter CanEvictPods)', () => {
  it.each<[string, KubeObject[], KubeObject[], string | undefined]>([
    ['no PDB', [], [web], undefined],
    ['a PDB with disruptions left', [pdb('web', { app: 'web' }, 1)], [web], undefined],
    ['a PDB allowing none that covers the pod', [pdb('web', { app: 'web' }, 0)], [web], 'default/web'],
    ['a PDB allowing none that selects other pods', [pdb('db', { app: 'db' }, 0)], [web], undefined],
    ['a PDB of another namespace', [pdb('web', { app: 'web' }, 0, 'other')], [web], undefined],
    ['a blocking PDB over a DaemonSet pod (still evicted by the drain)', [pdb('ds', { app: 'agent' }, 0)], [pod('agent', 'n1', { labels: { app: 'agent' }, daemonSet: true })], 'default/ds'],
    ['a blocking PDB over a mirror pod (never evicted)', [pdb('st', { app: 'static' }, 0)], [pod('st', 'n1', { labels: { app: 'static' }, mirror: true })], undefined],
    ['a blocking PDB over a finished pod', [pdb('job', { app: 'job' }, 0)], [pod('job', 'n1', { labels: { app: 'job' }, phase: 'Succeeded' })], undefined],
    ['a blocking PDB over a terminating pod', [pdb('web', { app: 'web' }, 0)], [pod('w', 'n1', { labels: { app: 'web' }, deleting: true })], undefined],
    ['the first blocking PDB is named', [pdb('a', { app: 'web' }, 1), pdb('b', { app: 'web' }, 0)], [web], 'default/b'],
  ])('%s', (_, pdbs, pods, expected) => {
    expect(new PdbLimits(pdbs).blockingPdb(pods)).toBe(expected);
  });

  it('an empty selector covers the whole namespace; no selector covers nothing', () => {
    const everything: KubeObject = { ...pdb('all', {}, 0), spec: { selector: {} } };
    const nothing: KubeObject = { ...pdb('none', {}, 0), spec: {} };
    expect(new PdbLimits([everything]).blockingPdb([web])).toBe('default/all');
    expect(new PdbLimits([nothing]).blockingPdb([web])).toBeUndefined();
  });

  it('unhealthyPodEvictionPolicy AlwaysAllow lets unready pods go', () => {
    const alwaysAllow: KubeObject = { ...pdb('web', { app: 'web' }, 0), spec: { selector: { matchLabels: { app: 'web' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } };
    const unready: KubeObject = { ...web, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] } };
    expect(new PdbLimits([alwaysAllow]).blockingPdb([unready])).toBeUndefined();
    expect(new PdbLimits([alwaysAllow]).blockingPdb([web])).toBe('default/web');
  });

  it('matchExpressions select too', () => {
    const byExpression: KubeObject = { ...pdb('web', {}, 0), spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] } } };
    expect(new PdbLimits([byExpression]).blockingPdb([web])).toBe('default/web');
  });
});
