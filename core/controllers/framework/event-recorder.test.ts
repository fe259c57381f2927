import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import type { InProcessClient } from '../../server/in-process-client.ts';
import { inProcessApiClient } from '../../../test/support/in-process-api.ts';
import { EventRecorder } from './event-recorder.ts';

const replicaSet: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-7d4b9', namespace: 'default', uid: 'rs-1' } };

async function eventsAbout(client: InProcessClient, name: string): Promise<KubeObject[]> {
  return (await client.list(Resources.events, 'default', { fieldSelector: `involvedObject.name=${name}` })).items;
}

describe('EventRecorder', () => {
  it('writes what the correlator lets through: a pod-creating ReplicaSet makes 10 Events for 25 creates, not 25', async () => {
    const client = await inProcessApiClient('test');
    const recorder = new EventRecorder(client, 'replicaset-controller', pino({ level: 'silent' }));
    for (let i = 0; i < 25; i++) recorder.record(replicaSet, 'Normal', 'SuccessfulCreate', `Created pod: web-7d4b9-${i}`);
    await recorder.flush();
    const events = await eventsAbout(client, 'web-7d4b9');
    expect(events).toHaveLength(10);
    const combined = events.find((e) => String(e['message']).startsWith('(combined from similar events): '));
    expect(combined).toMatchObject({ reason: 'SuccessfulCreate', count: 16, source: { component: 'replicaset-controller' } });
    expect(combined?.['message']).toBe('(combined from similar events): Created pod: web-7d4b9-24');
    expect(events.filter((e) => e !== combined).every((e) => e['count'] === 1)).toBe(true);
  });

  it('drops what a source says about one object beyond its burst of 25', async () => {
    const client = await inProcessApiClient('test');
    const recorder = new EventRecorder(client, 'kubelet', pino({ level: 'silent' }));
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'crashy', namespace: 'default', uid: 'p-1' } };
    for (let i = 0; i < 40; i++) recorder.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await recorder.flush();
    const events = await eventsAbout(client, 'crashy');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reason: 'BackOff', type: 'Warning', count: 25 });
  });

  it('names the object as it was when the Event was recorded; the queue keeps its reference, not the object', async () => {
    const client = await inProcessApiClient('test');
    const recorder = new EventRecorder(client, 'default-scheduler', pino({ level: 'silent' }));
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', uid: 'p-1', resourceVersion: '7' } };
    // The first Event is being written when the second is recorded: the second waits in the queue.
    recorder.record(pod, 'Normal', 'Scheduled', 'Successfully assigned default/web-1 to node-a');
    recorder.record(pod, 'Normal', 'Pulled', 'Container image "busybox" already present on machine');
    pod.metadata.resourceVersion = '8';
    pod.metadata.name = 'renamed';
    await recorder.flush();
    const events = await eventsAbout(client, 'web-1');
    expect(events.map((e) => e['reason']).sort()).toEqual(['Pulled', 'Scheduled']);
    for (const event of events) {
      expect(event['involvedObject']).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'p-1', resourceVersion: '7' });
    }
  });
});
