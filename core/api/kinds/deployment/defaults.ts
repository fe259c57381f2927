import type { KubeObject } from '../../types/meta.ts';
import { defaultTemplate, ensureRecord } from '../replicaset/defaults.ts';

/** apps/v1 Deployment defaulting (SetDefaults_Deployment plus the pod template's), in place. */

function isUnset(value: unknown): boolean {
  return value === undefined || value === null;
}

export function defaultDeployment(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (spec === undefined) return;
  if (isUnset(spec['replicas'])) spec['replicas'] = 1;
  const strategy = ensureRecord(spec, 'strategy');
  if (strategy !== undefined) {
    if (isUnset(strategy['type']) || strategy['type'] === '') strategy['type'] = 'RollingUpdate';
    if (strategy['type'] === 'RollingUpdate') {
      const rollingUpdate = ensureRecord(strategy, 'rollingUpdate');
      if (rollingUpdate !== undefined) {
        if (isUnset(rollingUpdate['maxUnavailable'])) rollingUpdate['maxUnavailable'] = '25%';
        if (isUnset(rollingUpdate['maxSurge'])) rollingUpdate['maxSurge'] = '25%';
      }
    }
  }
  if (isUnset(spec['revisionHistoryLimit'])) spec['revisionHistoryLimit'] = 10;
  if (isUnset(spec['progressDeadlineSeconds'])) spec['progressDeadlineSeconds'] = 600;
  defaultTemplate(spec);
}
