import type { ReplicaSet } from '../replicaset/objects.ts';
import { at } from '../replicaset/test-fixtures.ts';
import type { Deployment, DeploymentStatus, IntOrString } from './objects.ts';

/** Compact builders for the Deployment table tests. */

export interface DeploymentShape {
  replicas?: number;
  maxSurge?: IntOrString;
  maxUnavailable?: IntOrString;
  strategy?: 'RollingUpdate' | 'Recreate';
  image?: string;
  generation?: number;
  status?: DeploymentStatus;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  annotations?: Record<string, string>;
}

export function deployment(shape: DeploymentShape = {}): Deployment {
  const strategy = shape.strategy ?? 'RollingUpdate';
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: shape.generation ?? 1 },
    spec: {
      replicas: shape.replicas ?? 10,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: shape.image ?? 'nginx:1' }] } },
      strategy:
        strategy === 'Recreate'
          ? { type: 'Recreate' }
          : { type: 'RollingUpdate', rollingUpdate: { maxSurge: shape.maxSurge ?? '25%', maxUnavailable: shape.maxUnavailable ?? '25%' } },
      revisionHistoryLimit: shape.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: shape.progressDeadlineSeconds ?? 600,
    },
  };
  if (shape.status !== undefined) d.status = shape.status;
  if (shape.annotations !== undefined) d.metadata.annotations = shape.annotations;
  return d;
}

export interface RSShape {
  name: string;
  replicas: number;
  /** status.availableReplicas; defaults to replicas */
  available?: number;
  /** status.replicas; defaults to replicas */
  pods?: number;
  ready?: number;
  created?: number;
  revision?: string;
  image?: string;
  desired?: number;
  max?: number;
}

export function rs(shape: RSShape): ReplicaSet {
  const annotations: Record<string, string> = {};
  if (shape.revision !== undefined) annotations['deployment.kubernetes.io/revision'] = shape.revision;
  if (shape.desired !== undefined) annotations['deployment.kubernetes.io/desired-replicas'] = String(shape.desired);
  if (shape.max !== undefined) annotations['deployment.kubernetes.io/max-replicas'] = String(shape.max);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: shape.name, namespace: 'default', uid: `uid-${shape.name}`, creationTimestamp: at(shape.created ?? 0), annotations, generation: 1 },
    spec: {
      replicas: shape.replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': shape.name } }, spec: { containers: [{ name: 'c', image: shape.image ?? 'nginx:1' }] } },
    },
    status: {
      replicas: shape.pods ?? shape.replicas,
      readyReplicas: shape.ready ?? shape.available ?? shape.replicas,
      availableReplicas: shape.available ?? shape.replicas,
      observedGeneration: 1,
    },
  };
}

/** `name=replicas` for each action, the shape the tables compare. */
export function steps(actions: readonly { rs: ReplicaSet; replicas: number }[]): string[] {
  return actions.map((a) => `${a.rs.metadata.name ?? ''}=${a.replicas}`);
}
