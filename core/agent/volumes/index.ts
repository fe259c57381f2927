/** The node agent's volumes: what the pod sync uses, as functions over one shared PodVolumes. */
import type { KubeObject } from '../../api/types/meta.ts';
import type { ObjectSource, PodRuntimeFacts } from '../env/object-source.ts';
import { PodVolumes, type PreparedVolume } from './pod-volumes.ts';

export { PodVolumes, volumeDir, type PodVolumesOptions, type PreparedVolume } from './pod-volumes.ts';
export { mountsFor, type MountableVolume } from './mounts.ts';
export { writeAtomically, type AtomicWriteOptions, type FileProjection, type Payload } from './atomic-writer.ts';
export { systemTmpfs, type TmpfsMounter } from './tmpfs.ts';

const shared = new PodVolumes();

/** PodVolumes.prepare with mount(8) for tmpfs. */
export function preparePodVolumes(pod: KubeObject, source: ObjectSource, facts: PodRuntimeFacts, podDir: string): Promise<Map<string, PreparedVolume>> {
  return shared.prepare(pod, source, facts, podDir);
}

/** PodVolumes.cleanup: unmounts the pod's tmpfs volumes and removes its directory. */
export function cleanupPodVolumes(podDir: string): Promise<void> {
  return shared.cleanup(podDir);
}
