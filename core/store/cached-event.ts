import type { BackendEvent, KeyValue } from '../contracts/store-backend.ts';
import type { KubeObject, WatchEventType } from '../api/types/meta.ts';
import { decode } from './object-store.ts';
import type { ParsedVersions } from './parsed-versions.ts';
import { storedJsonWithVersion } from './stored-json.ts';
import { withMembers } from '../api/types/with-members.ts';

/** A stored value, parsed the first time someone needs the object, or taken parsed from `parsed` (or given parsed). */
export class StoredObject {
  private decoded: KubeObject | undefined;
  constructor(
    private readonly kv: KeyValue,
    private readonly parsed?: ParsedVersions,
    decoded?: KubeObject,
  ) {
    // Taken now: once the change's own object is parsed, `parsed` holds that newer version instead.
    this.decoded = decoded ?? parsed?.lookup(kv.key, kv.modRevision);
  }

  get object(): KubeObject {
    if (this.decoded === undefined) {
      const kv = this.kv;
      const held = this.parsed?.lookup(kv.key, kv.modRevision);
      this.decoded = held ?? decode(kv);
      if (held === undefined) this.parsed?.remember(kv.key, kv.modRevision, this.decoded);
    }
    return this.decoded;
  }

  /** The object's JSON from the stored text, when it starts with `prefix` (see storedJsonWithVersion). */
  storedJson(prefix: string): string | undefined {
    return storedJsonWithVersion(this.kv.value, prefix, String(this.kv.modRevision));
  }

  release(): void {
    this.decoded = undefined;
  }
}

type Source = { object: KubeObject } | StoredObject;

/**
 * One change, decoded at most once and serialised at most once for all the
 * watchers it reaches. A change nobody watches is never parsed at all: the
 * write path pays nothing for the watch cache but keeping the stored text.
 */
export class CachedEvent {
  private jsonText: string | undefined;
  /** the wire lines made so far, with the encoder that made each */
  private lines: Partial<Record<WatchEventType, { encode: (line: string) => Buffer; bytes: Buffer }>> | undefined;
  private readonly source: Source;
  private readonly previousSource: Source | undefined;

  constructor(
    readonly revision: number,
    readonly key: string,
    readonly type: 'ADDED' | 'MODIFIED' | 'DELETED',
    object: KubeObject | StoredObject,
    previous: KubeObject | StoredObject | undefined,
  ) {
    this.source = object instanceof StoredObject ? object : { object };
    this.previousSource = previous === undefined || previous instanceof StoredObject ? previous : { object: previous };
  }

  /**
   * The event of a backend change; its objects are parsed on first use,
   * once for everyone through `parsed` (the previous version, usually parsed
   * already by the update that replaced it).
   */
  static fromChange(raw: BackendEvent, parsed?: ParsedVersions): CachedEvent {
    if (raw.type === 'delete') {
      // The deleted version, as parsed before; a deleted key's versions are not kept after this.
      const last = raw.prev === undefined ? undefined : parsed?.lookup(raw.kv.key, raw.prev.modRevision);
      parsed?.forget(raw.kv.key);
      const previous = raw.prev === undefined ? undefined : new StoredObject(raw.prev, undefined, last);
      // As in Kubernetes, a deleted object carries the revision of its deletion: the last version with that one put in.
      const deleted = last === undefined ? undefined : withMembers(last, { metadata: withMembers(last.metadata, { resourceVersion: String(raw.revision) }) });
      return new CachedEvent(raw.revision, raw.kv.key, 'DELETED', new StoredObject({ ...raw.kv, modRevision: raw.revision }, undefined, deleted), previous);
    }
    const previous = raw.prev === undefined ? undefined : new StoredObject(raw.prev, parsed);
    return new CachedEvent(raw.revision, raw.kv.key, previous === undefined ? 'ADDED' : 'MODIFIED', new StoredObject(raw.kv, parsed), previous);
  }

  get object(): KubeObject {
    return this.source.object;
  }

  /** the object before this change, when there was one */
  get previous(): KubeObject | undefined {
    return this.previousSource?.object;
  }

  get hasPrevious(): boolean {
    return this.previousSource !== undefined;
  }

  /**
   * The object's JSON, shared by every watcher that receives it: with the
   * kind's `storedPrefix` (how the kind's stored objects begin), the stored
   * text with the version put in, without parsing it.
   */
  json(storedPrefix?: string): string {
    if (this.jsonText === undefined) {
      const source = this.source;
      const stored = storedPrefix !== undefined && source instanceof StoredObject ? source.storedJson(storedPrefix) : undefined;
      this.jsonText = stored ?? JSON.stringify(this.object);
    }
    return this.jsonText;
  }

  /**
   * The watch stream's line for this event sent as `type`, as bytes shared
   * by every HTTP watcher (`storedPrefix` as for `json`): `encode` of the
   * line, made by the first watcher that asks and kept with its encoder.
   * Every HTTP watcher encodes alike (the handler frames the line as a
   * chunk), so the bytes for a thousand watchers are made once, in one
   * allocation.
   */
  wireLine<T extends Buffer = Buffer>(type: WatchEventType, storedPrefix?: string, encode: (line: string) => T = toBytes as (line: string) => T): T {
    const lines = (this.lines ??= {});
    const made = lines[type];
    // Made by this very encoder, so of its type; another encoder (a test's) gets its own bytes.
    if (made !== undefined && made.encode === encode) return made.bytes as T;
    const bytes = encode(`{"type":"${type}","object":${this.json(storedPrefix)}}\n`);
    lines[type] = { encode, bytes };
    return bytes;
  }

  /** Drops what was parsed or serialised; it is rebuilt if anyone asks again. */
  release(): void {
    this.jsonText = undefined;
    this.lines = undefined;
    if (this.source instanceof StoredObject) this.source.release();
    if (this.previousSource instanceof StoredObject) this.previousSource.release();
  }
}

function toBytes(line: string): Buffer {
  return Buffer.from(line);
}
