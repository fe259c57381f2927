import type { KubeObject } from '../../types/meta.ts';

/** Kubernetes defines no defaults for ServiceAccounts. */
export function defaultServiceAccount(_obj: KubeObject): void {}
