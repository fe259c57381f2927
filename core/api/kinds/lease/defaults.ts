import type { KubeObject } from '../../types/meta.ts';

/** Kubernetes defines no defaults for coordination.k8s.io/v1 Leases. */
export function defaultLease(_obj: KubeObject): void {}
