import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { eventTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function event(body: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-7d9.17c1a2b3c4d5e6f7', namespace: 'default', creationTimestamp: '2024-06-01T11:50:00Z' },
    involvedObject: { kind: 'Pod', name: 'web-7d9', namespace: 'default', fieldPath: 'spec.containers{app}' },
    type: 'Normal',
    reason: 'Pulled',
    message: 'Successfully pulled image "nginx:1.25"\n',
    source: { component: 'kubelet', host: 'node-1' },
    ...body,
  };
}

describe('eventTable', () => {
  it('leads with LAST SEEN and keeps NAME as a wide column', () => {
    expect(eventTable.columns.map((c) => [c.name, c.format, c.priority])).toEqual([
      ['Last Seen', '', 0],
      ['Type', '', 0],
      ['Reason', '', 0],
      ['Object', '', 0],
      ['Subobject', '', 1],
      ['Source', '', 1],
      ['Message', '', 0],
      ['First Seen', '', 1],
      ['Count', '', 1],
      ['Name', 'name', 1],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      'core event with counts',
      event({ firstTimestamp: '2024-06-01T11:50:00Z', lastTimestamp: '2024-06-01T11:58:00Z', count: 4 }),
      ['2m', 'Normal', 'Pulled', 'pod/web-7d9', 'spec.containers{app}', 'kubelet, node-1', 'Successfully pulled image "nginx:1.25"', '10m', 4, 'web-7d9.17c1a2b3c4d5e6f7'],
    ],
    [
      'no last timestamp falls back to first, count 0 prints 1',
      event({ firstTimestamp: '2024-06-01T11:50:00Z' }),
      ['10m', 'Normal', 'Pulled', 'pod/web-7d9', 'spec.containers{app}', 'kubelet, node-1', 'Successfully pulled image "nginx:1.25"', '10m', 1, 'web-7d9.17c1a2b3c4d5e6f7'],
    ],
    [
      'events.k8s.io style: eventTime, series, reporting fields',
      event({
        firstTimestamp: null,
        lastTimestamp: null,
        eventTime: '2024-06-01T11:00:00.000000Z',
        series: { count: 7, lastObservedTime: '2024-06-01T11:59:30.000000Z' },
        source: {},
        reportingComponent: 'default-scheduler',
        reportingInstance: 'default-scheduler-cp-1',
        type: 'Warning',
        reason: 'FailedScheduling',
        message: '0/3 nodes are available',
      }),
      ['30s', 'Warning', 'FailedScheduling', 'pod/web-7d9', 'spec.containers{app}', 'default-scheduler, default-scheduler-cp-1', '0/3 nodes are available', '60m', 7, 'web-7d9.17c1a2b3c4d5e6f7'],
    ],
    [
      'no times at all, unnamed object, source without host',
      event({ involvedObject: { kind: 'Node' }, source: { component: 'kubelet' } }),
      ['<unknown>', 'Normal', 'Pulled', 'node', '', 'kubelet', 'Successfully pulled image "nginx:1.25"', '<unknown>', 1, 'web-7d9.17c1a2b3c4d5e6f7'],
    ],
  ])('%s', (_name, obj, cells) => {
    expect(eventTable.cells(obj, now)).toEqual(cells);
  });
});
