import { DEPRECATED_ROLLBACK_TO, deploymentAnnotationsFrom, lastRevision, revisionOf } from './annotations.ts';
import type { DeploymentSync } from './deployment-sync.ts';
import type { Deployment } from './objects.ts';
import { POD_TEMPLATE_HASH, equalIgnoreHash } from './template-hash.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

/**
 * Rollback requested the extensions/v1beta1 way: `spec.rollbackTo`, which
 * apps/v1 round-trips as the `deprecated.deployment.rollback.to` annotation
 * (kubectl 1.32 rolls back client-side instead, by patching the template).
 */

/** getRollbackTo: the revision asked for (0 = the previous one), or undefined when none is. */
export function rollbackRequest(d: Deployment): number | undefined {
  const text = d.metadata.annotations?.[DEPRECATED_ROLLBACK_TO];
  if (text === undefined || text === '' || !/^[+-]?\d+$/.test(text)) return undefined;
  return Number(text);
}

function clearRequest(d: Deployment): void {
  const annotations = { ...d.metadata.annotations };
  delete annotations[DEPRECATED_ROLLBACK_TO];
  d.metadata = { ...d.metadata, annotations };
}

/** DeploymentController.rollback: copy the template (and annotations) of the revision back, then clear the request. */
export async function rollback(s: DeploymentSync): Promise<void> {
  const { newRS, oldRSs } = await s.allReplicaSets(true);
  const all = newRS === undefined ? oldRSs : [...oldRSs, newRS];
  let revision = rollbackRequest(s.d) ?? 0;
  if (revision === 0) revision = lastRevision(all);
  const target = revision === 0 ? undefined : all.find((rs) => revisionOf(rs) === revision);
  if (target === undefined) {
    s.event('Warning', 'DeploymentRollbackRevisionNotFound', revision === 0 ? 'Unable to find last revision.' : 'Unable to find the revision to rollback to.');
    clearRequest(s.d);
    return s.updateDeployment();
  }
  const d = s.d;
  if (equalIgnoreHash(d.spec.template, target.spec.template)) {
    s.event('Warning', 'DeploymentRollbackTemplateUnchanged', `The rollback revision contains the same template as current deployment "${d.metadata.name ?? ''}"`);
    clearRequest(d);
    return s.updateDeployment();
  }
  // SetFromReplicaSetTemplate, without the ReplicaSet's hash label.
  const template = cloneJson(target.spec.template ?? {});
  const labels = { ...template.metadata?.labels };
  delete labels[POD_TEMPLATE_HASH];
  template.metadata = { ...template.metadata, labels };
  d.spec = { ...d.spec, template };
  d.metadata = { ...d.metadata, annotations: deploymentAnnotationsFrom(d, target) };
  clearRequest(d);
  await s.updateDeployment();
  s.event('Normal', 'DeploymentRollback', `Rolled back deployment "${d.metadata.name ?? ''}" to revision ${revision}`);
}
