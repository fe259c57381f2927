import type { BackendEvent, KeyValue } from '../contracts/store-backend.ts';
import type { ChangeRow } from './sqlite-statements.ts';

export interface ReplayableHistory {
  /** the changes above `compacted`, oldest first, as they were published */
  events: BackendEvent[];
  /** the history's floor: the stored one, raised past any change that could not be rebuilt */
  compacted: number;
}

/**
 * Rebuilds the events the logged changes published, for watch to replay after
 * a restart. When a change's previous version is in the log, its row holds
 * only the new value: the previous version is the row at `prev_mod_revision`
 * (pruning keeps that row while a retained change names it, below the floor
 * if need be), and a delete's value is that version's ('' in its own row).
 * Writing the previous value into every row again doubled what an update
 * wrote to the log and tripled a delete's: about 25 µs of SQLite time per
 * write of a 5 KiB pod. When the previous version had already been pruned
 * (an object unchanged for longer than the history), and in files written
 * before, `prev_value` holds it, and a delete's `value` the deleted value.
 *
 * A change whose previous version is missing all the same cannot be
 * published as it was; the floor rises past it, so that a watch from before
 * it is told to relist (410) rather than given a wrong event.
 */
export function replayableHistory(rows: readonly ChangeRow[], compacted: number): ReplayableHistory {
  const byRevision = new Map<number, ChangeRow>();
  for (const row of rows) byRevision.set(row.revision, row);
  let floor = compacted;
  const rebuilt: BackendEvent[] = [];
  for (const row of rows) {
    if (row.revision <= compacted) continue;
    const event = eventOf(row, byRevision);
    if (event === undefined) {
      floor = row.revision;
      rebuilt.length = 0;
      continue;
    }
    rebuilt.push(event);
  }
  return { events: rebuilt, compacted: floor };
}

function eventOf(row: ChangeRow, byRevision: ReadonlyMap<number, ChangeRow>): BackendEvent | undefined {
  const prev = previousVersion(row, byRevision);
  if (prev === 'missing') return undefined;
  if (row.type === 'delete' && prev === undefined) return undefined;
  const value = row.type === 'delete' && row.prevValue === null && prev !== undefined ? prev.value : row.value;
  const kv: KeyValue = { key: row.key, value, createRevision: row.createRevision, modRevision: row.revision };
  return { type: row.type, kv, prev, revision: row.revision };
}

function previousVersion(row: ChangeRow, byRevision: ReadonlyMap<number, ChangeRow>): KeyValue | undefined | 'missing' {
  if (row.prevModRevision === null) return undefined;
  const named = byRevision.get(row.prevModRevision);
  const value = row.prevValue ?? (named?.key === row.key && named.type === 'put' ? named.value : undefined);
  if (value === undefined) return 'missing';
  return { key: row.key, value, createRevision: row.createRevision, modRevision: row.prevModRevision };
}
