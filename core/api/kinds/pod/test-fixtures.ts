import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';

/** Manifests and helpers the workload validation tests share (not used by production code). */

/** The Pod from the Kubernetes docs ("Pods" concept page). */
export function nginxPod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' } },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }],
    },
  };
}

/** The Deployment from the Kubernetes docs ("Deployments" concept page). */
export function nginxDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx-deployment', namespace: 'default', labels: { app: 'nginx' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

/** The ReplicaSet from the Kubernetes docs ("ReplicaSet" concept page). */
export function frontendReplicaSet(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'frontend', namespace: 'default', labels: { app: 'guestbook', tier: 'frontend' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { tier: 'frontend' } },
      template: {
        metadata: { labels: { tier: 'frontend' } },
        spec: { containers: [{ name: 'php-redis', image: 'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5' }] },
      },
    },
  };
}

/** Writes `value` at a dotted path with [i] indexes, creating objects on the way. */
export function setPath(obj: unknown, path: string, value: unknown): void {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let cursor: unknown = obj;
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    if (Array.isArray(cursor)) {
      const at = Number(part);
      if (last) cursor[at] = value;
      else {
        if (cursor[at] === undefined) cursor[at] = {};
        cursor = cursor[at];
      }
    } else if (isRecord(cursor)) {
      if (last) {
        if (value === undefined) delete cursor[part];
        else cursor[part] = value;
      } else {
        if (cursor[part] === undefined) cursor[part] = /^\d+$/.test(parts[i + 1] ?? '') ? [] : {};
        cursor = cursor[part];
      }
    } else {
      throw new Error(`cannot set ${path}: ${parts.slice(0, i).join('.')} is not a container`);
    }
  }
}

/** A copy of `base` with each [path, value] written. */
export function withChanges(base: KubeObject, changes: Array<[string, unknown]>): KubeObject {
  const copy = structuredClone(base);
  for (const [path, value] of changes) setPath(copy, path, value);
  return copy;
}

/** The errors as `field: type`, which is what the tables assert on. */
export function summarize(errors: FieldError[]): string[] {
  return errors.map((e) => `${e.field}: ${e.type}`);
}
