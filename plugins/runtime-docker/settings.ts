import { networkInterfaces } from 'node:os';
import type Docker from 'dockerode';
import type { ContainerInfo } from '../../core/index.ts';
import type { Logger } from 'pino';

/** What every part of the Docker runtime needs: the engine, the node it serves and its options. */
export interface DockerRuntimeSettings {
  docker: Docker;
  nodeName: string;
  sandboxImage: string;
  sandboxCommand: string[];
  /** where hostPorts are published when a port names no hostIP */
  hostIP: string;
  logger: Logger;
  /** inspect results by `id:state`: a container's inspect only changes with its state, so lists re-inspect only what changed */
  inspections: Map<string, ContainerInfo>;
}

/**
 * The pod IP of a hostNetwork pod, which is the node's: the address ports are
 * published on, unless that is every interface, then the first outside IPv4.
 */
export function hostNetworkIP(hostIP: string): string {
  if (hostIP !== '0.0.0.0' && hostIP !== '::') return hostIP;
  for (const addresses of Object.values(networkInterfaces())) {
    const outside = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (outside !== undefined) return outside.address;
  }
  return '127.0.0.1';
}
