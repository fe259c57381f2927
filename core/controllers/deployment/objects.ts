import { isRecord, type KubeObject, type LabelSelector } from '../../api/types/meta.ts';
import { isPodTemplate, isWorkloadStatus, type ConditionStatus, type PodTemplateSpec } from '../replicaset/objects.ts';

/** Typed view of an apps/v1 Deployment; see replicaset/objects.ts for why guards and not casts. */

export type IntOrString = number | string;

export interface RollingUpdateDeployment {
  maxSurge?: IntOrString;
  maxUnavailable?: IntOrString;
}

export interface DeploymentStrategy {
  type?: string;
  rollingUpdate?: RollingUpdateDeployment;
}

export interface DeploymentCondition {
  type: string;
  status: ConditionStatus;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  strategy?: DeploymentStrategy;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

export interface Deployment extends KubeObject {
  spec: DeploymentSpec;
  status?: DeploymentStatus;
}

const COUNTERS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'] as const;

function optionalOf(value: unknown, type: 'number' | 'boolean'): boolean {
  return value === undefined || value === null || typeof value === type;
}

const isIntOrString = (v: unknown): boolean => v === undefined || v === null || typeof v === 'number' || typeof v === 'string';

function isStrategy(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!isRecord(value) || !(value['type'] === undefined || typeof value['type'] === 'string')) return false;
  const rolling = value['rollingUpdate'];
  if (rolling === undefined || rolling === null) return true;
  return isRecord(rolling) && isIntOrString(rolling['maxSurge']) && isIntOrString(rolling['maxUnavailable']);
}

export function isDeployment(obj: KubeObject): obj is Deployment {
  const spec = obj['spec'];
  if (!isRecord(spec)) return false;
  return (
    optionalOf(spec['replicas'], 'number') &&
    optionalOf(spec['minReadySeconds'], 'number') &&
    optionalOf(spec['revisionHistoryLimit'], 'number') &&
    optionalOf(spec['progressDeadlineSeconds'], 'number') &&
    optionalOf(spec['paused'], 'boolean') &&
    (spec['selector'] === undefined || spec['selector'] === null || isRecord(spec['selector'])) &&
    (spec['template'] === undefined || isPodTemplate(spec['template'])) &&
    isStrategy(spec['strategy']) &&
    isWorkloadStatus(obj['status'], COUNTERS)
  );
}

export function deploymentReplicas(d: Deployment): number {
  return d.spec.replicas ?? 1;
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}
