import type { KubeObject } from '../../types/meta.ts';

/** Kubernetes defines no defaults for core/v1 Events; recorders fill every field themselves. */
export function defaultEvent(_obj: KubeObject): void {}
