import type { KubeObject } from '../api/types/meta.ts';
import { Lru } from '../api/lru.ts';
import { deepFreeze } from '../api/types/deep-freeze.ts';

interface ParsedVersion {
  revision: number;
  object: KubeObject;
}

/**
 * The newest version of each recently changed object, as parsed once for
 * everyone: the watch cache's informers, the next update of the object
 * (which starts from its current version) and that update's event (whose
 * previous version it is). A pod's binding and status update each parsed
 * the whole pod three times before: the update's current version, then the
 * event's object and previous version.
 *
 * Every object held here is shared read-only, as the watch cache's event
 * objects always were. A version is used only for its own revision (a
 * key's modRevision names one stored text), so it is what parsing that
 * text gives.
 */
export class ParsedVersions {
  private readonly versions: Lru<ParsedVersion>;

  /**
   * `freeze`: deep-freeze every version kept, so that code changing a shared
   * object throws instead of silently changing what the next update starts
   * from. Too dear for every write in production; the test suite turns it on
   * (KUBERNEL_FREEZE_SHARED_OBJECTS=1 in vitest.config.ts).
   */
  constructor(
    capacity = 32_768,
    private readonly freeze = process.env['KUBERNEL_FREEZE_SHARED_OBJECTS'] === '1',
  ) {
    this.versions = new Lru(capacity);
  }

  /** `object`, parsed from `key`'s text at `revision`, unless a newer version is already held */
  remember(key: string, revision: number, object: KubeObject): void {
    const held = this.versions.peek(key);
    if (held === undefined || held.revision <= revision) this.versions.set(key, { revision, object: this.freeze ? deepFreeze(object) : object });
  }

  /** `key`'s version at `revision`, when it is the one held */
  lookup(key: string, revision: number): KubeObject | undefined {
    const held = this.versions.peek(key);
    return held?.revision === revision ? held.object : undefined;
  }

  /** `key` was deleted. */
  forget(key: string): void {
    this.versions.delete(key);
  }
}
