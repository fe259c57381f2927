import { ApiError, badRequest, conflict } from '../../api/errors.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { formatLabelSelector, labelSelectorFromObject } from '../../api/selectors/label-selector.ts';
import { isRecord, type KubeObject, type LabelSelector } from '../../api/types/meta.ts';
import { rfc3339 } from '../../store/object-meta.ts';
import type { WriteContext } from '../admission/write-context.ts';
import type { ApiContext } from './context.ts';
import { withMembers } from '../../api/types/with-members.ts';

/** autoscaling/v1 Scale of a Deployment or ReplicaSet, as `kubectl scale` reads and writes it. */
export function toScale(obj: KubeObject): KubeObject {
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  const status = isRecord(obj['status']) ? obj['status'] : {};
  const selector = isRecord(spec['selector']) ? (spec['selector'] as LabelSelector) : undefined;
  const parsed = labelSelectorFromObject(selector);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: typeof spec['replicas'] === 'number' ? spec['replicas'] : 0 },
    status: {
      replicas: typeof status['replicas'] === 'number' ? status['replicas'] : 0,
      selector: parsed === null ? '' : formatLabelSelector(parsed),
    },
  };
}

/** Writes `spec.replicas` from a Scale; a resourceVersion in it is a precondition, as in Kubernetes. */
export async function updateScale(api: ApiContext, type: ResourceType, namespace: string | undefined, name: string, scale: unknown, ctx: WriteContext): Promise<KubeObject> {
  if (!isRecord(scale) || !isRecord(scale['spec'])) throw badRequest('the body must be an autoscaling/v1 Scale');
  const replicas = scale['spec']['replicas'];
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw new ApiError('Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, {
      group: 'autoscaling',
      kind: 'Scale',
      name,
    }, [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'must be greater than or equal to 0' }]);
  }
  const pinned = isRecord(scale['metadata']) ? scale['metadata']['resourceVersion'] : undefined;
  const updated = await api.store.guaranteedUpdate(
    type,
    namespace,
    name,
    (current) => {
      if (typeof pinned === 'string' && pinned !== '' && pinned !== current.metadata.resourceVersion) {
        throw conflict(type.plural, type.group, name, 'the object has been modified; please apply your changes to the latest version and try again');
      }
      const spec = isRecord(current['spec']) ? current['spec'] : {};
      const next: KubeObject = { ...current, spec: { ...spec, replicas } };
      return api.pipeline.prepareUpdate(type, { ...next, metadata: { ...next.metadata, resourceVersion: undefined } }, current, ctx, 'scale');
    },
    { dryRun: ctx.dryRun },
  );
  return toScale(updated);
}

/** POST pods/NAME/binding: what the scheduler writes to place a pod on a node. */
export async function bindPod(api: ApiContext, type: ResourceType, namespace: string | undefined, name: string, binding: unknown, ctx: WriteContext): Promise<void> {
  if (!isRecord(binding) || !isRecord(binding['target'])) throw badRequest('the body must be a v1 Binding with a target');
  const nodeName = binding['target']['name'];
  if (typeof nodeName !== 'string' || nodeName === '') {
    throw new ApiError('Invalid', `Binding "${name}" is invalid: target.name: Required value`, { kind: 'Binding', name }, [
      { reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' },
    ]);
  }
  await api.store.guaranteedUpdate(
    type,
    namespace,
    name,
    (pod) => {
      if (pod.metadata.deletionTimestamp !== undefined) throw conflict(type.plural, '', name, 'pod is being deleted, cannot be assigned to a host');
      const spec = isRecord(pod['spec']) ? pod['spec'] : {};
      const assigned = spec['nodeName'];
      if (typeof assigned === 'string' && assigned !== '') throw conflict(type.plural, '', name, `pod ${name} is already assigned to node "${assigned}"`);
      const status = isRecord(pod['status']) ? pod['status'] : {};
      const conditions = Array.isArray(status['conditions']) ? status['conditions'].filter((c) => !(isRecord(c) && c['type'] === 'PodScheduled')) : [];
      conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(ctx.now) });
      return { ...pod, spec: withMembers(spec, { nodeName }), status: withMembers(status, { conditions }) };
    },
    // Only spec.nodeName and the conditions change, on copies: the rest is shared with the stored version.
    { dryRun: ctx.dryRun, readsCurrentOnly: true },
  );
}
