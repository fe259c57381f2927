/**
 * A pod's volumes on the node, laid out as kubelet lays them out
 * (`<podDir>/volumes/kubernetes.io~<plugin>/<name>`). `prepare` is idempotent
 * and is also the update path: configMap, secret, downwardAPI and projected
 * volumes go through the AtomicWriter, so calling it again after an object
 * changed swaps the files in place and marks the volume `changed`.
 *
 * Not supported (the volume fails with a VolumeSetupError): persistent and
 * network volumes, image volumes, hugepages media. serviceAccountToken and
 * clusterTrustBundle projections are skipped with a warning (no token is
 * minted), and fsGroup ownership is not applied.
 */
import { lstat, mkdir, chmod, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Volume } from '../../api/kinds/pod/schema-volumes.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import type { Mount } from '../../contracts/runtime.ts';
import { configMapNotFound, secretNotFound } from '../env/config-data.ts';
import { VolumeSetupError, type ObjectSource, type PodRuntimeFacts, type VolumeFailure } from '../env/object-source.ts';
import { podMeta, podSpecParts } from '../env/pod-parts.ts';
import type { EnvVarValue } from '../env/resolve-env.ts';
import { isErrno, writeAtomically, type AtomicWriteOptions, type FileProjection } from './atomic-writer.ts';
import { checkHostPathType } from './host-path.ts';
import { mountsFor } from './mounts.ts';
import { configMapPayload, DEFAULT_FILE_MODE, downwardAPIPayload, projectedPayload, secretPayload, type PodView } from './payloads.ts';
import { isTmpfsMountPoint, memoryVolumeSize, mountPointsUnder, systemTmpfs, type TmpfsMounter } from './tmpfs.ts';

export interface PreparedVolume {
  /** the directory (or file, for a hostPath) the runtime mounts */
  hostPath: string;
  /** memory-backed as asked (emptyDir Memory) or as kubelet always does (secret, downwardAPI, projected) */
  medium?: 'Memory';
  /** kubelet mounts configMap, secret, downwardAPI and projected volumes read-only whatever volumeMounts say */
  readOnly: boolean;
  /** this call created the volume or changed its files */
  changed: boolean;
  /** something the agent should warn about: no tmpfs where one was due, a projection that was skipped */
  warning?: string;
}

export interface PodVolumesOptions {
  /** how tmpfs gets mounted; defaults to mount(8), which needs root */
  tmpfs?: TmpfsMounter;
  atomicWrite?: AtomicWriteOptions;
}

/** kubelet's directory-name spelling of a volume plugin (`kubernetes.io/secret` → `kubernetes.io~secret`). */
const PLUGIN_DIRS = {
  emptyDir: 'kubernetes.io~empty-dir',
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
} as const;

/** emptyDir's directory mode, also the wrapper directory of the projected kinds. */
const EMPTY_DIR_MODE = 0o777;

export function volumeDir(podDir: string, plugin: keyof typeof PLUGIN_DIRS, name: string): string {
  return join(podDir, 'volumes', PLUGIN_DIRS[plugin], name);
}

export class PodVolumes {
  readonly #tmpfs: TmpfsMounter;
  readonly #atomicWrite: AtomicWriteOptions;

  constructor(options: PodVolumesOptions = {}) {
    this.#tmpfs = options.tmpfs ?? systemTmpfs();
    this.#atomicWrite = options.atomicWrite ?? {};
  }

  /**
   * Sets up (or refreshes) every volume of the pod. Volumes that can be set up
   * are, even when others fail; the failures then come as one VolumeSetupError
   * (about the first, listing all in `failures`).
   */
  async prepare(pod: KubeObject, source: ObjectSource, facts: PodRuntimeFacts, podDir: string): Promise<Map<string, PreparedVolume>> {
    const view: PodView = { meta: podMeta(pod), spec: podSpecParts(pod) };
    const prepared = new Map<string, PreparedVolume>();
    const failures: VolumeFailure[] = [];
    for (const volume of view.spec.volumes) {
      const name = volume.name ?? '';
      try {
        prepared.set(name, await this.#prepareOne(volume, view, source, facts, podDir));
      } catch (error) {
        failures.push({ volumeName: name, message: error instanceof Error ? error.message : String(error) });
      }
    }
    const first = failures[0];
    if (first !== undefined) throw new VolumeSetupError(first.message, { volumeName: first.volumeName, failures });
    return prepared;
  }

  mountsFor(pod: KubeObject, container: Record<string, unknown>, prepared: ReadonlyMap<string, PreparedVolume>, env?: readonly EnvVarValue[]): Mount[] {
    return mountsFor(pod, container, prepared, env);
  }

  /** Unmounts whatever is mounted below the pod directory (its tmpfs volumes), then removes it. */
  async cleanup(podDir: string): Promise<void> {
    for (const mountPoint of await mountPointsUnder(podDir)) await this.#tmpfs.unmount(mountPoint);
    await rm(podDir, { recursive: true, force: true });
  }

  async #prepareOne(volume: Volume, pod: PodView, source: ObjectSource, facts: PodRuntimeFacts, podDir: string): Promise<PreparedVolume> {
    const name = volume.name ?? '';
    const namespace = pod.meta.namespace;
    if (volume.hostPath !== undefined) {
      const path = volume.hostPath.path ?? '';
      const created = await checkHostPathType(path, volume.hostPath.type);
      return { hostPath: path, readOnly: false, changed: created };
    }
    if (volume.configMap !== undefined) {
      const { name: objectName = '', items, defaultMode = DEFAULT_FILE_MODE, optional = false } = volume.configMap;
      const configMap = source.configMap(namespace, objectName);
      if (configMap === undefined && !optional) throw new Error(configMapNotFound(objectName));
      // configMap volumes are the one projected kind kubelet keeps on disk
      const dir = volumeDir(podDir, 'configMap', name);
      const created = await ensureDir(dir);
      const changed = await this.#write(dir, configMapPayload(configMap, items, defaultMode, optional));
      return { hostPath: dir, readOnly: true, changed: created || changed };
    }
    if (volume.secret !== undefined) {
      const { secretName = '', items, defaultMode = DEFAULT_FILE_MODE, optional = false } = volume.secret;
      const secret = source.secret(namespace, secretName);
      if (secret === undefined && !optional) throw new Error(secretNotFound(secretName));
      const payload = secretPayload(secret, items, defaultMode, optional);
      return this.#memoryBacked(volumeDir(podDir, 'secret', name), `secret volume "${name}"`, pod, facts, payload);
    }
    if (volume.downwardAPI !== undefined) {
      const { items, defaultMode = DEFAULT_FILE_MODE } = volume.downwardAPI;
      const payload = downwardAPIPayload(items, pod, facts, defaultMode);
      return this.#memoryBacked(volumeDir(podDir, 'downwardAPI', name), `downwardAPI volume "${name}"`, pod, facts, payload);
    }
    if (volume.projected !== undefined) {
      const { sources, defaultMode = DEFAULT_FILE_MODE } = volume.projected;
      const { payload, skipped } = projectedPayload(sources, pod, source, facts, defaultMode);
      const result = await this.#memoryBacked(volumeDir(podDir, 'projected', name), `projected volume "${name}"`, pod, facts, payload);
      if (skipped.length === 0) return result;
      const note = `projected volume "${name}": this node agent does not project ${skipped.join(', ')}; those files are absent`;
      return { ...result, warning: result.warning === undefined ? note : `${result.warning}; ${note}` };
    }
    const other = Object.entries(volume).find(([key, value]) => key !== 'name' && key !== 'emptyDir' && value !== undefined)?.[0];
    if (other !== undefined) throw new Error(`no volume plugin matched: this node agent cannot set up ${other} volumes`);
    return this.#emptyDir(volume, name, pod, facts, podDir);
  }

  async #emptyDir(volume: Volume, name: string, pod: PodView, facts: PodRuntimeFacts, podDir: string): Promise<PreparedVolume> {
    const medium = volume.emptyDir?.medium ?? '';
    const dir = volumeDir(podDir, 'emptyDir', name);
    if (medium === '') {
      const created = await ensureDir(dir);
      return { hostPath: dir, readOnly: false, changed: created };
    }
    if (medium !== 'Memory') {
      throw new Error(medium.startsWith('HugePages') ? `medium ${medium} is not supported by this node agent` : `unknown storage medium "${medium}"`);
    }
    const size = memoryVolumeSize(pod.spec.containers, pod.spec.initContainers, volume.emptyDir?.sizeLimit, facts.nodeAllocatable.memoryBytes);
    const memory = await this.#memoryDir(dir, size);
    const warning = memory.fallback === undefined ? undefined : `emptyDir volume "${name}" asked for medium Memory but is a plain directory on disk: ${memory.fallback}`;
    return { hostPath: dir, medium: 'Memory', readOnly: false, changed: memory.created, ...(warning === undefined ? {} : { warning }) };
  }

  /** secret, downwardAPI and projected: a tmpfs-backed directory written atomically. */
  async #memoryBacked(dir: string, what: string, pod: PodView, facts: PodRuntimeFacts, payload: Map<string, FileProjection>): Promise<PreparedVolume> {
    const size = memoryVolumeSize(pod.spec.containers, pod.spec.initContainers, undefined, facts.nodeAllocatable.memoryBytes);
    const memory = await this.#memoryDir(dir, size);
    const changed = await this.#write(dir, payload);
    const warning = memory.fallback === undefined ? undefined : `${what} is not memory-backed, so its files are on disk: ${memory.fallback}`;
    return { hostPath: dir, medium: 'Memory', readOnly: true, changed: memory.created || changed, ...(warning === undefined ? {} : { warning }) };
  }

  /** Mounts tmpfs on a new or empty directory; leaves a directory that already holds files as it is. */
  async #memoryDir(dir: string, sizeBytes: bigint): Promise<{ created: boolean; fallback?: string }> {
    const created = await ensureDir(dir);
    if (await isTmpfsMountPoint(dir)) return { created };
    if ((await readdir(dir)).length > 0) {
      return { created, fallback: 'it was set up earlier without tmpfs and already holds files' };
    }
    try {
      await this.#tmpfs.mount(dir, sizeBytes);
      return { created };
    } catch (error) {
      return { created, fallback: error instanceof Error ? error.message : String(error) };
    }
  }

  async #write(dir: string, payload: Map<string, FileProjection>): Promise<boolean> {
    return writeAtomically(dir, payload, this.#atomicWrite);
  }
}

/** Creates the directory with emptyDir's 0777 (umask notwithstanding); returns whether it was new. */
async function ensureDir(dir: string): Promise<boolean> {
  try {
    if ((await lstat(dir)).isDirectory()) return false;
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  await mkdir(dir, { recursive: true, mode: EMPTY_DIR_MODE });
  await chmod(dir, EMPTY_DIR_MODE);
  return true;
}
