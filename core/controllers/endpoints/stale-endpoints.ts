import type { KubeObject } from '../../api/types/meta.ts';
import { objectKeyOf } from '../framework/result.ts';

/**
 * staleEndpointsTracker: the resourceVersion of each Endpoints this
 * controller replaced. Seeing that very version in the cache again means the
 * cache has not caught up with our write; a sync must wait rather than act on it.
 */
export class StaleEndpointsTracker {
  private readonly replaced = new Map<string, string>();

  /** remembers `previous` as outdated, after an update that gave the object a new version */
  stale(previous: KubeObject): void {
    this.replaced.set(objectKeyOf(previous.metadata), previous.metadata.resourceVersion ?? '');
  }

  isStale(current: KubeObject): boolean {
    const version = this.replaced.get(objectKeyOf(current.metadata));
    return version !== undefined && version === current.metadata.resourceVersion;
  }

  delete(key: string): void {
    this.replaced.delete(key);
  }
}
