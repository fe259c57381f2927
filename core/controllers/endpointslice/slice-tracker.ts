import type { KubeObject } from '../../api/types/meta.ts';
import { serviceKeyOfSlice } from './slice-meta.ts';

/**
 * EndpointSliceTracker (k8s.io/endpointslice/util): the generation of every
 * slice this controller wrote or deleted, by Service. It tells a sync that
 * the informer cache has not caught up with our own writes yet (acting on it
 * would create duplicate slices), and tells the event handlers which slice
 * changes are our own echo and which someone else made.
 */

/** the mark of a slice this controller deleted and expects to see go */
const DELETION_EXPECTED = -1;

type SliceLike = Pick<KubeObject, 'metadata'>;

export class EndpointSliceTracker {
  private readonly byService = new Map<string, Map<string, number>>();

  private generationsOf(slice: SliceLike): Map<string, number> | undefined {
    const key = serviceKeyOfSlice(slice);
    return key === undefined ? undefined : this.byService.get(key);
  }

  has(slice: SliceLike): boolean {
    return this.generationsOf(slice)?.has(slice.metadata.uid ?? '') ?? false;
  }

  /** ShouldSync: a slice we do not know, or one changed since we wrote it. */
  shouldSync(slice: SliceLike): boolean {
    const generation = this.generationsOf(slice)?.get(slice.metadata.uid ?? '');
    return generation === undefined || (slice.metadata.generation ?? 0) > generation;
  }

  /**
   * StaleSlices: the cache is behind when it shows a slice older than we
   * wrote it, still shows one we deleted, or lacks one we created.
   */
  staleSlices(serviceKey: string, slices: readonly SliceLike[]): boolean {
    const generations = this.byService.get(serviceKey);
    if (generations === undefined) return false;
    const provided = new Set<string>();
    for (const slice of slices) {
      const uid = slice.metadata.uid ?? '';
      provided.add(uid);
      const tracked = generations.get(uid);
      if (tracked !== undefined && (tracked === DELETION_EXPECTED || tracked > (slice.metadata.generation ?? 0))) return true;
    }
    for (const [uid, generation] of generations) {
      if (generation !== DELETION_EXPECTED && !provided.has(uid)) return true;
    }
    return false;
  }

  /** Update: remember the generation the API server gave our write. */
  update(slice: SliceLike): void {
    const key = serviceKeyOfSlice(slice);
    if (key === undefined) return;
    let generations = this.byService.get(key);
    if (generations === undefined) {
      generations = new Map();
      this.byService.set(key, generations);
    }
    generations.set(slice.metadata.uid ?? '', slice.metadata.generation ?? 0);
  }

  expectDeletion(slice: SliceLike): void {
    const key = serviceKeyOfSlice(slice);
    if (key === undefined) return;
    let generations = this.byService.get(key);
    if (generations === undefined) {
      generations = new Map();
      this.byService.set(key, generations);
    }
    generations.set(slice.metadata.uid ?? '', DELETION_EXPECTED);
  }

  /** HandleDeletion: forgets the slice; true when we deleted it ourselves, so no sync is needed. */
  handleDeletion(slice: SliceLike): boolean {
    const generations = this.generationsOf(slice);
    if (generations === undefined) return true;
    const uid = slice.metadata.uid ?? '';
    const generation = generations.get(uid);
    generations.delete(uid);
    return generation === undefined || generation === DELETION_EXPECTED;
  }

  deleteService(serviceKey: string): void {
    this.byService.delete(serviceKey);
  }
}
