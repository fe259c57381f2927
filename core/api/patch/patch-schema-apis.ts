import type { TypeSchema } from './patch-schema.ts';
import { ATOMIC_MAP, MERGE_SET, SET, mergeAtomic, mergeByKeys, ref } from './patch-schema.ts';

/**
 * Patch metadata of meta/v1 ObjectMeta and the non-core groups (apps, batch, networking, policy,
 * rbac, autoscaling, events), from their types.go struct tags and markers. Types whose only
 * tagged field is `metadata` need no entry: every kind's root has ObjectMeta.
 */
export const API_TYPES: Readonly<Record<string, TypeSchema>> = {
  'apps.DaemonSet': { spec: ref('apps.DaemonSetSpec'), status: ref('apps.DaemonSetStatus') },
  'apps.DaemonSetSpec': { selector: ATOMIC_MAP, template: ref('core.PodTemplateSpec') },
  'apps.DaemonSetStatus': { conditions: mergeByKeys(['type']) },
  'apps.Deployment': { spec: ref('apps.DeploymentSpec'), status: ref('apps.DeploymentStatus') },
  'apps.DeploymentSpec': {
    selector: ATOMIC_MAP,
    template: ref('core.PodTemplateSpec'),
    strategy: { strategy: 'retainKeys' },
  },
  'apps.DeploymentStatus': { conditions: mergeByKeys(['type']) },
  'apps.ReplicaSet': { spec: ref('apps.ReplicaSetSpec'), status: ref('apps.ReplicaSetStatus') },
  'apps.ReplicaSetSpec': { selector: ATOMIC_MAP, template: ref('core.PodTemplateSpec') },
  'apps.ReplicaSetStatus': { conditions: mergeByKeys(['type']) },
  'apps.StatefulSet': { spec: ref('apps.StatefulSetSpec'), status: ref('apps.StatefulSetStatus') },
  'apps.StatefulSetSpec': { selector: ATOMIC_MAP, template: ref('core.PodTemplateSpec') },
  'apps.StatefulSetStatus': { conditions: mergeByKeys(['type']) },
  'autoscaling.HorizontalPodAutoscaler': { status: ref('autoscaling.HorizontalPodAutoscalerStatus') },
  'autoscaling.HorizontalPodAutoscalerStatus': { conditions: mergeByKeys(['type']) },
  'batch.CronJob': { spec: ref('batch.CronJobSpec') },
  'batch.CronJobSpec': { jobTemplate: ref('batch.JobTemplateSpec') },
  'batch.Job': { spec: ref('batch.JobSpec'), status: ref('batch.JobStatus') },
  'batch.JobSpec': { selector: ATOMIC_MAP, template: ref('core.PodTemplateSpec') },
  'batch.JobStatus': { conditions: mergeAtomic('type'), uncountedTerminatedPods: ref('batch.UncountedTerminatedPods') },
  'batch.JobTemplateSpec': { metadata: ref('meta.ObjectMeta'), spec: ref('batch.JobSpec') },
  'batch.UncountedTerminatedPods': { succeeded: SET, failed: SET },
  'events.Event': { regarding: ATOMIC_MAP, related: ATOMIC_MAP },
  'meta.ObjectMeta': { ownerReferences: mergeByKeys(['uid'], 'atomic'), finalizers: MERGE_SET },
  'networking.Ingress': { spec: ref('networking.IngressSpec') },
  'networking.IngressBackend': { service: ref('networking.IngressServiceBackend'), resource: ATOMIC_MAP },
  'networking.IngressServiceBackend': { port: ATOMIC_MAP },
  'networking.IngressSpec': { defaultBackend: ref('networking.IngressBackend') },
  'networking.NetworkPolicy': { spec: ref('networking.NetworkPolicySpec') },
  'networking.NetworkPolicySpec': { podSelector: ATOMIC_MAP },
  'policy.PodDisruptionBudget': {
    spec: ref('policy.PodDisruptionBudgetSpec'),
    status: ref('policy.PodDisruptionBudgetStatus'),
  },
  'policy.PodDisruptionBudgetSpec': { selector: { strategy: 'replace', atomic: true } },
  'policy.PodDisruptionBudgetStatus': { conditions: mergeByKeys(['type']) },
  'rbac.ClusterRoleBinding': { roleRef: ATOMIC_MAP },
  'rbac.RoleBinding': { roleRef: ATOMIC_MAP },
};
