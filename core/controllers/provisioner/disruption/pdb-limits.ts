/**
 * PodDisruptionBudgets as Karpenter's pdb.Limits checks them before it picks
 * a node: the drain evicts every evictable pod through pods/eviction, so a
 * PDB that allows no disruption and covers one of them would stall the drain.
 * Better not to start.
 */
import { budgetSelects, budgetSpecOf, budgetStatusOf } from '../../../api/kinds/poddisruptionbudget/types.ts';
import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import { isEvictablePod } from './pod-classes.ts';

function isNotReady(pod: KubeObject): boolean {
  const status = pod['status'];
  const conditions = isRecord(status) && Array.isArray(status['conditions']) ? status['conditions'] : [];
  return conditions.some((c) => isRecord(c) && c['type'] === 'Ready' && c['status'] === 'False');
}

export class PdbLimits {
  /** the PDBs that allow no disruption now, by namespace: the only ones that can block */
  private readonly exhausted = new Map<string, KubeObject[]>();

  constructor(pdbs: readonly KubeObject[]) {
    for (const pdb of pdbs) {
      if (budgetStatusOf(pdb).disruptionsAllowed > 0) continue;
      const namespace = pdb.metadata.namespace ?? '';
      this.exhausted.set(namespace, [...(this.exhausted.get(namespace) ?? []), pdb]);
    }
  }

  /** the `namespace/name` of a PDB that would refuse the eviction of one of `pods`, or undefined (CanEvictPods) */
  blockingPdb(pods: readonly KubeObject[]): string | undefined {
    for (const pod of pods) {
      if (!isEvictablePod(pod)) continue;
      for (const pdb of this.exhausted.get(pod.metadata.namespace ?? '') ?? []) {
        if (!budgetSelects(pdb, pod.metadata.labels)) continue;
        // unhealthyPodEvictionPolicy AlwaysAllow lets pods that are not Ready go whatever the budget says.
        if (budgetSpecOf(pdb).unhealthyPodEvictionPolicy === 'AlwaysAllow' && isNotReady(pod)) continue;
        return `${pdb.metadata.namespace ?? ''}/${pdb.metadata.name ?? ''}`;
      }
    }
    return undefined;
  }
}
