import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { podDisruptionBudgetTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function budget(spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web-pdb', namespace: 'default', creationTimestamp: '2024-06-01T11:55:00Z' },
    spec,
  };
  if (status !== undefined) obj['status'] = status;
  return obj;
}

describe('podDisruptionBudgetTable', () => {
  it('has printPodDisruptionBudget columns', () => {
    expect(podDisruptionBudgetTable.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Min Available', 'string', 0],
      ['Max Unavailable', 'string', 0],
      ['Allowed Disruptions', 'integer', 0],
      ['Age', 'string', 0],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    ['minAvailable as a count', budget({ minAvailable: 3 }, { disruptionsAllowed: 0 }), ['web-pdb', '3', 'N/A', 0, '5m']],
    ['maxUnavailable as a percentage', budget({ maxUnavailable: '25%' }, { disruptionsAllowed: 2 }), ['web-pdb', 'N/A', '25%', 2, '5m']],
    ['neither bound, before the controller ran', budget({}), ['web-pdb', 'N/A', 'N/A', 0, '5m']],
    ['minAvailable 0', budget({ minAvailable: 0 }, { disruptionsAllowed: 4 }), ['web-pdb', '0', 'N/A', 4, '5m']],
  ])('%s', (_name, obj, cells) => {
    expect(podDisruptionBudgetTable.cells(obj, now)).toEqual(cells);
  });
});
