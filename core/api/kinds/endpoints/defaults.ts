import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';

/** SetDefaults_Endpoints: a port without a protocol is TCP. */
export function defaultEndpoints(obj: KubeObject): void {
  const subsets = obj['subsets'];
  if (!Array.isArray(subsets)) return;
  for (const subset of subsets) {
    if (!isRecord(subset) || !Array.isArray(subset['ports'])) continue;
    for (const port of subset['ports']) {
      if (isRecord(port) && (port['protocol'] === undefined || port['protocol'] === null || port['protocol'] === '')) {
        port['protocol'] = 'TCP';
      }
    }
  }
}
