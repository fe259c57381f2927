import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../api/types/meta.ts';
import { Lru } from '../api/lru.ts';
import { deepFreeze } from '../api/types/deep-freeze.ts';

/** The check's own parse, kept apart from JSON.parse so that tests counting the store's parses do not count it. */
const parseForCheck = JSON.parse.bind(JSON);

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
 * text gives. The store hands in the very object each write stored
 * (`rememberWritten`), so a change's event does not parse its new version
 * at all.
 */
export class ParsedVersions {
  private readonly versions: Lru<ParsedVersion>;

  /**
   * `freeze`: deep-freeze every version kept, so that code changing a shared
   * object throws instead of silently changing what the next update starts
   * from, and check every written object against its stored text. Too dear
   * for every write in production; the test suite turns it on
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

  /**
   * `object` as a write stored it: `storedText` is the text written for
   * `key` at `revision`, and `object` is what parsing it gives with the
   * resourceVersion put in (members in any order). From here on `object` is
   * shared: the writer hands it out read-only, like every version held here.
   */
  rememberWritten(key: string, revision: number, object: KubeObject, storedText: string): void {
    if (this.freeze) {
      const parsed = parseForCheck(storedText) as KubeObject;
      parsed.metadata.resourceVersion = String(revision);
      // An undefined member, a Date or a NaN would make the shared object differ from what a parse gives.
      if (!isDeepStrictEqual(object, parsed)) throw new Error(`the object written to ${key} at revision ${revision} is not what its stored text parses to`);
    }
    this.remember(key, revision, object);
  }

  /** the newest version held of `key`, with its revision */
  newest(key: string): Readonly<ParsedVersion> | undefined {
    return this.versions.peek(key);
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
