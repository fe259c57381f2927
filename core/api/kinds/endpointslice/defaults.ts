import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';

/** discovery/v1 SetDefaults_EndpointPort: every port has a name ("" when unnamed) and a protocol (TCP). */
export function defaultEndpointSlice(obj: KubeObject): void {
  const ports = obj['ports'];
  if (!Array.isArray(ports)) return;
  for (const port of ports) {
    if (!isRecord(port)) continue;
    if (port['name'] === undefined || port['name'] === null) port['name'] = '';
    if (port['protocol'] === undefined || port['protocol'] === null) port['protocol'] = 'TCP';
  }
}
