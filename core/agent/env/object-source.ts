/**
 * What the node agent's config-and-secrets code reads and how it fails. The
 * two error classes map onto the two ways kubelet reports such failures: a
 * container that cannot be configured waits with CreateContainerConfigError,
 * a volume that cannot be set up keeps the pod in ContainerCreating with a
 * FailedMount event.
 */
import type { KubeObject } from '../../api/types/meta.ts';

/** ConfigMaps and Secrets as the agent's informer caches hold them; undefined when absent */
export interface ObjectSource {
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
}

/** → waiting reason CreateContainerConfigError; the message is kubelet's. */
export class ContainerConfigError extends Error {
  override readonly name = 'ContainerConfigError';
}

export interface VolumeFailure {
  volumeName: string;
  message: string;
}

/** → the pod stays ContainerCreating, with a FailedMount event per failed volume. */
export class VolumeSetupError extends Error {
  override readonly name = 'VolumeSetupError';
  /** the volume this error is about, when it is about one */
  readonly volumeName: string | undefined;
  /** every volume that failed in one prepare pass (the first is this error's own) */
  readonly failures: VolumeFailure[];

  constructor(message: string, options?: { volumeName?: string; failures?: VolumeFailure[]; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.volumeName = options?.volumeName;
    this.failures =
      options?.failures ?? (options?.volumeName === undefined ? [] : [{ volumeName: options.volumeName, message }]);
  }

  /** kubelet's FailedMount event text: `MountVolume.SetUp failed for volume "NAME" : MESSAGE` */
  get eventMessage(): string {
    return this.volumeName === undefined
      ? this.message
      : `MountVolume.SetUp failed for volume "${this.volumeName}" : ${this.message}`;
  }
}

/** What only the node knows about a pod: where it runs and what the node can give it. */
export interface PodRuntimeFacts {
  nodeName: string;
  hostIP: string;
  podIP: string;
  podIPs: string[];
  nodeAllocatable: { cpuMillis: number; memoryBytes: number; ephemeralStorageBytes?: number };
}
