/**
 * The request bodies the workload benchmarks send, as JSON strings built
 * before any clock starts. The pod shape follows kube-scheduler's
 * scheduler_perf `pod-default.yaml` (one pause container whose limits equal
 * its requests).
 */

export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.9';

export interface ResourceAmounts {
  /** e.g. "100m" */
  cpu: string;
  /** e.g. "500Mi" */
  memory: string;
}

export interface PodShape {
  name: string;
  namespace: string;
  requests: ResourceAmounts;
  labels?: Record<string, string>;
  /** set: the pod is created already bound, as kwok's benchmark creates them */
  nodeName?: string;
  nodeSelector?: Record<string, string>;
}

export function namespaceJson(name: string): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

function pauseContainer(requests: ResourceAmounts, image = PAUSE_IMAGE): Record<string, unknown> {
  return {
    name: 'pause',
    image,
    ports: [{ containerPort: 80 }],
    resources: { requests: { ...requests }, limits: { ...requests } },
  };
}

export function podJson(shape: PodShape): string {
  const spec: Record<string, unknown> = { containers: [pauseContainer(shape.requests)] };
  if (shape.nodeName !== undefined) spec['nodeName'] = shape.nodeName;
  if (shape.nodeSelector !== undefined) spec['nodeSelector'] = shape.nodeSelector;
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: shape.name, namespace: shape.namespace, labels: shape.labels ?? { app: 'kubernel-bench' } },
    spec,
  });
}

export interface DeploymentShape {
  name: string;
  namespace: string;
  replicas: number;
  requests: ResourceAmounts;
  image?: string;
  nodeSelector?: Record<string, string>;
  /** RollingUpdate maxSurge and maxUnavailable, e.g. "25%" */
  maxSurge?: string;
  maxUnavailable?: string;
}

/** Its pods carry `app: NAME`, the Deployment's selector. */
export function deploymentJson(shape: DeploymentShape): string {
  const podSpec: Record<string, unknown> = { containers: [pauseContainer(shape.requests, shape.image)] };
  if (shape.nodeSelector !== undefined) podSpec['nodeSelector'] = shape.nodeSelector;
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: shape.name, namespace: shape.namespace, labels: { app: shape.name } },
    spec: {
      replicas: shape.replicas,
      selector: { matchLabels: { app: shape.name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: shape.maxSurge ?? '25%', maxUnavailable: shape.maxUnavailable ?? '25%' } },
      template: { metadata: { labels: { app: shape.name } }, spec: podSpec },
    },
  });
}

/** A JSON merge patch that changes the image of the pause container (the list is replaced whole, so it carries the container in full). */
export function imagePatchJson(requests: ResourceAmounts, image: string): string {
  return JSON.stringify({ spec: { template: { spec: { containers: [pauseContainer(requests, image)] } } } });
}
