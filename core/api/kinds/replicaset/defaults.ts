import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';
import { defaultPodSpec } from '../pod/defaults.ts';

/** apps/v1 ReplicaSet defaulting (SetObjectDefaults_ReplicaSet), in place on untyped JSON. */

export function defaultReplicaSet(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (spec === undefined) return;
  if (spec['replicas'] === undefined || spec['replicas'] === null) spec['replicas'] = 1;
  defaultTemplate(spec);
}

/**
 * The pod template is a value (not a pointer) in apps/v1, so Kubernetes defaults its
 * spec even when the client sent none; the same holds for Deployments.
 */
export function defaultTemplate(spec: Record<string, unknown>): void {
  const template = ensureRecord(spec, 'template');
  if (template === undefined) return;
  const podSpec = ensureRecord(template, 'spec');
  if (podSpec !== undefined) defaultPodSpec(podSpec);
}

/** The object at `field`, created when absent; undefined when something else is there. */
export function ensureRecord(holder: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  if (holder[field] === undefined || holder[field] === null) holder[field] = {};
  const value = holder[field];
  return isRecord(value) ? value : undefined;
}
