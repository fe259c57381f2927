import type { WatchEvent } from './watch-stream.ts';
import { nameOf } from './watch-stream.ts';

/** The pods of one phase, named `${prefix}-${index}`: when each create was sent and when its binding was seen. */
export interface PhaseRecord {
  sentAt: Float64Array;
  boundAt: Float64Array;
  bound: number;
}

/**
 * Matches the ADDED events of a watch on bound pods (`spec.nodeName!=`) to
 * the phases the pods were created in, by name, so each pod's
 * create-to-bound time is known without keeping a map of 50,000 names.
 */
export class BindingTracker {
  private readonly phases = new Map<string, PhaseRecord>();

  track(prefix: string, count: number): PhaseRecord {
    const record: PhaseRecord = { sentAt: new Float64Array(count).fill(Number.NaN), boundAt: new Float64Array(count).fill(Number.NaN), bound: 0 };
    this.phases.set(prefix, record);
    return record;
  }

  onEvent(event: WatchEvent): void {
    const name = nameOf(event.object);
    const dash = name.lastIndexOf('-');
    const record = this.phases.get(name.slice(0, dash));
    const index = Number(name.slice(dash + 1));
    if (record === undefined || !Number.isInteger(index) || index < 0 || index >= record.boundAt.length) return;
    if (!Number.isNaN(record.boundAt[index] ?? 0)) return;
    record.boundAt[index] = event.arrivedAt;
    record.bound++;
  }
}
