import type { KubeObject } from '../../types/meta.ts';

/**
 * ConfigMaps have no visible defaults. (Kubernetes sets `data` to an empty map, but Go's
 * omitempty drops an empty map on output, so clients never see it; neither do ours.)
 */
export function defaultConfigMap(_obj: KubeObject): void {}
