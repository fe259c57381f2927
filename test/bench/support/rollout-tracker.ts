import { isRecord } from '../../../core/api/types/meta.ts';
import type { WatchEvent } from './watch-stream.ts';

const HASH_LABEL = 'pod-template-hash';

interface PodState {
  hash: string;
  ready: boolean;
  terminating: boolean;
}

/**
 * The pods of one Deployment as a watch reports them, counted by
 * pod-template-hash: how many exist, how many are Ready, and, while a
 * rollout is being watched, the most pods that were not terminating and the
 * fewest Ready at any moment (what maxSurge and maxUnavailable bound).
 */
export class RolloutTracker {
  private readonly pods = new Map<string, PodState>();
  private readonly existing = new Map<string, number>();
  private readonly readyByHash = new Map<string, number>();
  private notTerminating = 0;
  private ready = 0;
  maxNotTerminating = 0;
  minReady = Number.POSITIVE_INFINITY;

  onEvent(event: WatchEvent): void {
    const metadata = isRecord(event.object['metadata']) ? event.object['metadata'] : {};
    const uid = typeof metadata['uid'] === 'string' ? metadata['uid'] : '';
    const before = this.pods.get(uid);
    if (before !== undefined) this.count(before, -1);
    if (event.type === 'DELETED') {
      this.pods.delete(uid);
    } else {
      const labels = isRecord(metadata['labels']) ? metadata['labels'] : {};
      const hash = typeof labels[HASH_LABEL] === 'string' ? labels[HASH_LABEL] : '';
      const after: PodState = { hash, ready: podReady(event.object), terminating: metadata['deletionTimestamp'] !== undefined && metadata['deletionTimestamp'] !== null };
      this.pods.set(uid, after);
      this.count(after, 1);
    }
    if (this.notTerminating > this.maxNotTerminating) this.maxNotTerminating = this.notTerminating;
    if (this.ready < this.minReady) this.minReady = this.ready;
  }

  /** starts the extremes afresh, e.g. when the rollout begins */
  resetExtremes(): void {
    this.maxNotTerminating = this.notTerminating;
    this.minReady = this.ready;
  }

  existingOf(hash: string): number {
    return this.existing.get(hash) ?? 0;
  }

  readyOf(hash: string): number {
    return this.readyByHash.get(hash) ?? 0;
  }

  /** the hashes of the pods that exist now */
  hashes(): string[] {
    return [...this.existing.entries()].filter(([, n]) => n > 0).map(([hash]) => hash);
  }

  /** the pods that exist with a hash other than `hash`, terminating ones included */
  othersThan(hash: string): number {
    let n = 0;
    for (const [h, count] of this.existing) if (h !== hash) n += count;
    return n;
  }

  private count(pod: PodState, delta: number): void {
    this.existing.set(pod.hash, (this.existing.get(pod.hash) ?? 0) + delta);
    if (!pod.terminating) this.notTerminating += delta;
    if (pod.ready && !pod.terminating) {
      this.ready += delta;
      this.readyByHash.set(pod.hash, (this.readyByHash.get(pod.hash) ?? 0) + delta);
    }
  }
}

function podReady(pod: Record<string, unknown>): boolean {
  const status = pod['status'];
  const conditions = isRecord(status) && Array.isArray(status['conditions']) ? status['conditions'] : [];
  return conditions.some((c: unknown) => isRecord(c) && c['type'] === 'Ready' && c['status'] === 'True');
}
