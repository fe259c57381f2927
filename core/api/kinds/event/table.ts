import type { KubeObject } from '../../types/meta.ts';
import { translateTimestampSince } from '../../table/age.ts';
import { column, nameColumn } from '../../table/columns.ts';
import { num, rec, str } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';

/**
 * `kubectl get events`, after printEvent. Events lead with LAST SEEN rather than
 * NAME (which is a wide column at the end), and understand both the old
 * firstTimestamp/lastTimestamp/count fields and the events.k8s.io eventTime/series.
 */

function isSet(timestamp: string | undefined): timestamp is string {
  return timestamp !== undefined && timestamp !== '';
}

/** `kind/name` of the involved object, lower-cased kind; just the kind when unnamed. */
function target(event: KubeObject): string {
  const kind = (str(event, 'involvedObject', 'kind') ?? '').toLowerCase();
  const name = str(event, 'involvedObject', 'name') ?? '';
  return name === '' ? kind : `${kind}/${name}`;
}

/** "component, host", falling back to reportingController / reportingInstance. */
function source(event: KubeObject): string {
  const component = str(event, 'source', 'component') || str(event, 'reportingComponent') || '';
  const instance = str(event, 'source', 'host') || str(event, 'reportingInstance') || '';
  return instance === '' ? component : `${component}, ${instance}`;
}

export const eventTable: TableConvertor = {
  columns: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    column('Object', 'string', 'The object that this event is about.'),
    column('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', 1),
    column('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    column('Count', 'string', 'The number of times this event has occurred.', 1),
    nameColumn(1),
  ],
  cells(event, now) {
    const firstTimestamp = str(event, 'firstTimestamp');
    const first = isSet(firstTimestamp)
      ? translateTimestampSince(firstTimestamp, now)
      : translateTimestampSince(str(event, 'eventTime'), now);
    const lastTimestamp = str(event, 'lastTimestamp');
    let last = isSet(lastTimestamp) ? translateTimestampSince(lastTimestamp, now) : first;

    let count = num(event, 'count') ?? 0;
    const series = rec(event, 'series');
    if (series !== undefined) {
      last = translateTimestampSince(str(series, 'lastObservedTime'), now);
      count = num(series, 'count') ?? 0;
    } else if (count === 0) {
      // Singleton events of the new API carry no count.
      count = 1;
    }

    return [
      last,
      str(event, 'type') ?? '',
      str(event, 'reason') ?? '',
      target(event),
      str(event, 'involvedObject', 'fieldPath') ?? '',
      source(event),
      (str(event, 'message') ?? '').trim(),
      first,
      count,
      event.metadata.name ?? '',
    ];
  },
};
