import type { KubeObject } from '../api/types/meta.ts';
import { resourcePrefix } from './keys.ts';

/** Where a namespace stands for admission: creates go only into an active one. */
export type NamespacePhase = 'active' | 'terminating' | 'absent';

/** The prefix of every Namespace key. */
export const NAMESPACES_PREFIX = resourcePrefix({ group: '', plural: 'namespaces' });

interface Entry {
  /** the revision of the change that set `phase` */
  revision: number;
  /** undefined: the stored value could not be read; the store has to answer */
  phase: NamespacePhase | undefined;
}

/**
 * Every Namespace's phase by key, fed by a watch that sees every committed
 * write (the watch cache), so that admission does not read and parse the
 * Namespace from the store on every create. It answers only when it is sure:
 * once seeded with the full list, and only while its feed has caught up with
 * the store's current revision; otherwise the caller reads the store.
 */
export class NamespaceIndex {
  private readonly entries = new Map<string, Entry>();
  private seeded = false;

  /**
   * `caughtUp` says whether the feed has delivered every change up to the
   * store's current revision.
   */
  constructor(private readonly caughtUp: () => Promise<boolean>) {}

  static isNamespaceKey(key: string): boolean {
    return key.startsWith(NAMESPACES_PREFIX);
  }

  static phaseOf(namespace: KubeObject): NamespacePhase {
    return namespace.metadata.deletionTimestamp !== undefined ? 'terminating' : 'active';
  }

  /** A change to `key` at `revision`; older news than what is known is ignored. */
  observe(key: string, revision: number, phase: NamespacePhase | undefined): void {
    const known = this.entries.get(key);
    if (known !== undefined && known.revision >= revision) return;
    this.entries.set(key, { revision, phase });
  }

  /** Called once every namespace that existed when the feed started has been observed. */
  markSeeded(): void {
    this.seeded = true;
  }

  /** The feed stopped: the index knows nothing for sure from now on. */
  invalidate(): void {
    this.seeded = false;
    this.entries.clear();
  }

  /** The phase of the Namespace stored under `key`, or undefined when the store must be asked. */
  async lookup(key: string): Promise<NamespacePhase | undefined> {
    if (!this.seeded || !(await this.caughtUp()) || !this.seeded) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return 'absent';
    return entry.phase;
  }
}
