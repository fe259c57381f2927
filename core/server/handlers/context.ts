import type { ResourceRegistry } from '../../api/registry.ts';
import type { ObjectStore } from '../../store/object-store.ts';
import type { WatchCache } from '../../store/watch-cache.ts';
import type { WritePipeline } from '../admission/pipeline.ts';

/** What every resource handler works with. */
export interface ApiContext {
  registry: ResourceRegistry;
  store: ObjectStore;
  watchCache: WatchCache;
  pipeline: WritePipeline;
  now(): Date;
  /** how often a watch that allows bookmarks gets one */
  bookmarkIntervalMs: number;
  /**
   * A garbage collector runs and removes the `orphan` and `foregroundDeletion`
   * finalizers. Without one, kube-apiserver (--enable-garbage-collector=false)
   * adds neither, or a delete with a propagation policy would never finish.
   */
  garbageCollection: boolean;
}
