import { Lru } from '../../api/lru.ts';

/**
 * client-go's EventCorrelator (tools/record/events_cache.go), which every
 * Kubernetes component runs before it writes an Event:
 *
 * - aggregation: once one source has said 10 different messages with one
 *   reason about one object within 10 minutes, further ones become a single
 *   "(combined from similar events): ..." Event whose count grows;
 * - de-duplication: the same event again bumps the existing Event's count;
 * - spam filtering: a source may write 25 Events about one object at once,
 *   then one every 5 minutes; the rest are dropped.
 *
 * A ReplicaSet that creates 1,000 pods thus writes a few dozen Events, not
 * 1,000, as under Kubernetes.
 */

/** What a recorder wants to say, before correlation. */
export interface EventDraft {
  involvedObject: { apiVersion?: string; kind?: string; namespace?: string; name?: string; uid?: string; fieldPath?: string };
  type: string;
  reason: string;
  message: string;
  source: { component: string; host?: string };
}

export type Correlation =
  | { action: 'create'; name: string; message: string; count: number; firstTimestamp: Date }
  | { action: 'patch'; name: string; message: string; count: number; firstTimestamp: Date }
  | { action: 'skip' };

const LRU_ENTRIES = 4096;
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_PER_MS = 1 / 300_000;
const COMBINED_PREFIX = '(combined from similar events): ';

interface AggregateRecord {
  messages: Set<string>;
  lastSeen: number;
}

interface Observation {
  name: string;
  count: number;
  firstTimestamp: Date;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class EventCorrelator {
  private readonly aggregates = new Lru<AggregateRecord>(LRU_ENTRIES);
  private readonly observations = new Lru<Observation>(LRU_ENTRIES);
  private readonly buckets = new Lru<Bucket>(LRU_ENTRIES);

  /** `newName`: the name of a new Event about the object at that moment (client-go: NAME.<unix nanos in hex>) */
  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly newName: (objectName: string, at: Date) => string = defaultEventName,
  ) {}

  correlate(draft: EventDraft): Correlation {
    const at = this.now();
    const { key, message } = this.aggregate(draft, at.getTime());
    const seen = this.observations.get(key);
    const observed: Observation =
      seen === undefined ? { name: this.newName(draft.involvedObject.name ?? '', at), count: 1, firstTimestamp: at } : { ...seen, count: seen.count + 1 };
    // As client-go: the observation counts even an event the spam filter then drops.
    this.observations.set(key, observed);
    if (!this.admit(spamKey(draft), at.getTime())) return { action: 'skip' };
    return { action: seen === undefined ? 'create' : 'patch', name: observed.name, message, count: observed.count, firstTimestamp: observed.firstTimestamp };
  }

  /** EventAggregate: the event's own key, or the aggregate's once 10 messages differ. */
  private aggregate(draft: EventDraft, nowMs: number): { key: string; message: string } {
    const aggregateKey = aggregateKeyOf(draft);
    let record = this.aggregates.get(aggregateKey);
    if (record === undefined || nowMs - record.lastSeen > AGGREGATE_INTERVAL_MS) record = { messages: new Set(), lastSeen: nowMs };
    record.messages.add(draft.message);
    record.lastSeen = nowMs;
    this.aggregates.set(aggregateKey, record);
    if (record.messages.size < AGGREGATE_MAX_EVENTS) return { key: eventKeyOf(draft), message: draft.message };
    // Do not let the set grow past the threshold (PopAny).
    const any = record.messages.values().next().value;
    if (any !== undefined) record.messages.delete(any);
    return { key: aggregateKey, message: COMBINED_PREFIX + draft.message };
  }

  /** EventSourceObjectSpamFilter: a token bucket per source and object. */
  private admit(key: string, nowMs: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: SPAM_BURST, updatedAt: nowMs };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + (nowMs - bucket.updatedAt) * SPAM_PER_MS);
    bucket.updatedAt = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

function defaultEventName(objectName: string, at: Date): string {
  // Nanoseconds are not to be had from a Date: milliseconds and a random tail keep names apart.
  const nanos = BigInt(at.getTime()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000));
  return `${objectName}.${nanos.toString(16)}`;
}

function objectPart(draft: EventDraft): string[] {
  const o = draft.involvedObject;
  return [draft.source.component, draft.source.host ?? '', o.kind ?? '', o.namespace ?? '', o.name ?? ''];
}

function spamKey(draft: EventDraft): string {
  const o = draft.involvedObject;
  return JSON.stringify([...objectPart(draft), o.uid ?? '', o.apiVersion ?? '']);
}

function aggregateKeyOf(draft: EventDraft): string {
  const o = draft.involvedObject;
  return JSON.stringify([...objectPart(draft), o.uid ?? '', o.apiVersion ?? '', draft.type, draft.reason]);
}

function eventKeyOf(draft: EventDraft): string {
  const o = draft.involvedObject;
  return JSON.stringify([...objectPart(draft), o.fieldPath ?? '', o.uid ?? '', o.apiVersion ?? '', draft.type, draft.reason, draft.message]);
}
