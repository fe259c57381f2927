import { bool, int32, int64, intOrString, message, messages, string, time, type MessageSpec } from './schema.ts';

/**
 * apps/v1 Deployment and ReplicaSet (with core/v1 PodTemplateSpec), autoscaling/v1 Scale
 * (the scale subresource) and policy/v1 Eviction (the eviction subresource)
 * (k8s.io/api apps/v1, autoscaling/v1 and policy/v1 generated.proto).
 */
export const APPS_MESSAGES = {
  Deployment: { 1: message('metadata', 'ObjectMeta'), 2: message('spec', 'DeploymentSpec'), 3: message('status', 'DeploymentStatus') },
  DeploymentSpec: {
    1: int32('replicas', 'pointer'),
    2: message('selector', 'LabelSelector'),
    3: message('template', 'PodTemplateSpec'),
    4: message('strategy', 'DeploymentStrategy'),
    5: int32('minReadySeconds'),
    6: int32('revisionHistoryLimit', 'pointer'),
    7: bool('paused'),
    9: int32('progressDeadlineSeconds', 'pointer'),
  },
  PodTemplateSpec: { 1: message('metadata', 'ObjectMeta'), 2: message('spec', 'PodSpec') },
  DeploymentStrategy: { 1: string('type'), 2: message('rollingUpdate', 'RollingUpdateDeployment') },
  RollingUpdateDeployment: { 1: intOrString('maxUnavailable'), 2: intOrString('maxSurge') },
  DeploymentStatus: {
    1: int64('observedGeneration'),
    2: int32('replicas'),
    3: int32('updatedReplicas'),
    7: int32('readyReplicas'),
    4: int32('availableReplicas'),
    5: int32('unavailableReplicas'),
    9: int32('terminatingReplicas', 'pointer'),
    6: messages('conditions', 'DeploymentCondition'),
    8: int32('collisionCount', 'pointer'),
  },
  DeploymentCondition: {
    1: string('type', 'always'),
    2: string('status', 'always'),
    6: time('lastUpdateTime'),
    7: time('lastTransitionTime'),
    4: string('reason'),
    5: string('message'),
  },
  ReplicaSet: { 1: message('metadata', 'ObjectMeta'), 2: message('spec', 'ReplicaSetSpec'), 3: message('status', 'ReplicaSetStatus') },
  ReplicaSetSpec: {
    1: int32('replicas', 'pointer'),
    4: int32('minReadySeconds'),
    2: message('selector', 'LabelSelector'),
    3: message('template', 'PodTemplateSpec'),
  },
  ReplicaSetStatus: {
    1: int32('replicas', 'always'),
    2: int32('fullyLabeledReplicas'),
    4: int32('readyReplicas'),
    5: int32('availableReplicas'),
    7: int32('terminatingReplicas', 'pointer'),
    3: int64('observedGeneration'),
    6: messages('conditions', 'ReplicaSetCondition'),
  },
  ReplicaSetCondition: {
    1: string('type', 'always'),
    2: string('status', 'always'),
    3: time('lastTransitionTime'),
    4: string('reason'),
    5: string('message'),
  },
  Scale: { 1: message('metadata', 'ObjectMeta'), 2: message('spec', 'ScaleSpec'), 3: message('status', 'ScaleStatus') },
  ScaleSpec: { 1: int32('replicas') },
  ScaleStatus: { 1: int32('replicas', 'always'), 2: string('selector') },
  Eviction: { 1: message('metadata', 'ObjectMeta'), 2: message('deleteOptions', 'DeleteOptions') },
  PodDisruptionBudget: {
    1: message('metadata', 'ObjectMeta'),
    2: message('spec', 'PodDisruptionBudgetSpec'),
    3: message('status', 'PodDisruptionBudgetStatus'),
  },
  PodDisruptionBudgetSpec: {
    1: intOrString('minAvailable'),
    2: message('selector', 'LabelSelector'),
    3: intOrString('maxUnavailable'),
    4: string('unhealthyPodEvictionPolicy', 'pointer'),
  },
  // disruptedPods (2, a map of Time) is left out: only the eviction subresource writes it, and a
  // client's status is reset on create anyway; the decoder skips fields it does not know.
  PodDisruptionBudgetStatus: {
    1: int64('observedGeneration'),
    3: int32('disruptionsAllowed', 'always'),
    4: int32('currentHealthy', 'always'),
    5: int32('desiredHealthy', 'always'),
    6: int32('expectedPods', 'always'),
    7: messages('conditions', 'Condition'),
  },
} satisfies Record<string, MessageSpec>;
