import { describe, expect, it } from 'vitest';
import { EventCorrelator, type EventDraft } from './event-correlator.ts';

const replicaSet = { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'default', name: 'web-7d4b9', uid: 'rs-1' };

function created(pod: string, object = replicaSet): EventDraft {
  return { involvedObject: object, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod}`, source: { component: 'replicaset-controller' } };
}

function correlator(): { events: EventCorrelator; advance: (ms: number) => void } {
  let now = Date.parse('2026-11-26T10:00:00Z');
  let names = 0;
  return {
    events: new EventCorrelator(
      () => new Date(now),
      (objectName) => `${objectName}.${++names}`,
    ),
    advance: (ms) => (now += ms),
  };
}

describe('EventCorrelator (client-go events_cache)', () => {
  it('bumps the count of an Event said again, under its first name and time', () => {
    const { events, advance } = correlator();
    const first = events.correlate(created('a'));
    advance(1_000);
    const again = events.correlate(created('a'));
    expect(first).toMatchObject({ action: 'create', name: 'web-7d4b9.1', count: 1 });
    expect(again).toMatchObject({ action: 'patch', name: 'web-7d4b9.1', count: 2, message: 'Created pod: a' });
    if (first.action === 'skip' || again.action === 'skip') throw new Error('skipped');
    expect(again.firstTimestamp).toEqual(first.firstTimestamp);
  });

  it('combines the tenth different message with one reason into one Event whose count then grows', () => {
    const { events } = correlator();
    const results = Array.from({ length: 12 }, (_, i) => events.correlate(created(`pod-${i}`)));
    expect(results.slice(0, 9).every((r) => r.action === 'create' && !r.message.startsWith('(combined'))).toBe(true);
    expect(results[9]).toMatchObject({ action: 'create', message: '(combined from similar events): Created pod: pod-9', count: 1 });
    const combinedName = results[9]?.action === 'create' ? results[9].name : '';
    expect(results[10]).toMatchObject({ action: 'patch', name: combinedName, count: 2, message: '(combined from similar events): Created pod: pod-10' });
    expect(results[11]).toMatchObject({ action: 'patch', name: combinedName, count: 3 });
  });

  it('starts afresh once a reason has been quiet for more than 10 minutes', () => {
    const { events, advance } = correlator();
    for (let i = 0; i < 12; i++) events.correlate(created(`pod-${i}`));
    advance(600_001);
    expect(events.correlate(created('late'))).toMatchObject({ action: 'create', message: 'Created pod: late' });
  });

  it('lets a source write 25 Events about one object, then one every 5 minutes', () => {
    const { events, advance } = correlator();
    const actions = Array.from({ length: 30 }, (_, i) => events.correlate(created(`pod-${i}`)).action);
    expect(actions.filter((a) => a !== 'skip')).toHaveLength(25);
    expect(actions.slice(25)).toEqual(['skip', 'skip', 'skip', 'skip', 'skip']);
    advance(299_000);
    expect(events.correlate(created('x')).action).toBe('skip');
    advance(1_000);
    // The combined Event's count includes the skipped ones, as client-go's does.
    expect(events.correlate(created('y'))).toMatchObject({ action: 'patch', count: 23 });
    expect(events.correlate(created('z')).action).toBe('skip');
  });

  it('keeps each object to its own budget', () => {
    const { events } = correlator();
    for (let i = 0; i < 30; i++) events.correlate(created(`pod-${i}`));
    const other = { ...replicaSet, name: 'api-5f6c', uid: 'rs-2' };
    expect(events.correlate(created('q', other))).toMatchObject({ action: 'create', message: 'Created pod: q', count: 1 });
  });
});
