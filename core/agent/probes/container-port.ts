/**
 * Resolves a probe's IntOrString port against the container's declared ports,
 * as kubelet's probe.ResolveContainerPort: a name is looked up in
 * `ports[].name`, then tried as a number written as a string.
 */
import { isRecord } from '../../api/types/meta.ts';
import type { ProbePort } from './probe-spec.ts';

export class PortResolutionError extends Error {
  override readonly name = 'PortResolutionError';
}

export function resolveContainerPort(port: ProbePort, container: Record<string, unknown>): number {
  let resolved: number;
  if (typeof port === 'number') {
    resolved = port;
  } else {
    const named = namedPort(container, port);
    if (named !== undefined) {
      resolved = named;
    } else if (/^[+-]?\d+$/.test(port)) {
      resolved = Number.parseInt(port, 10);
    } else {
      // the error Go's strconv.Atoi gives, which is what kubelet's event shows
      throw new PortResolutionError(`strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
    }
  }
  if (Number.isInteger(resolved) && resolved > 0 && resolved < 65536) return resolved;
  throw new PortResolutionError(`invalid port number: ${resolved}`);
}

function namedPort(container: Record<string, unknown>, name: string): number | undefined {
  const ports = container['ports'];
  if (!Array.isArray(ports)) return undefined;
  for (const port of ports) {
    if (isRecord(port) && port['name'] === name && typeof port['containerPort'] === 'number') return port['containerPort'];
  }
  return undefined;
}
