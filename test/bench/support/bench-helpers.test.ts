import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BindingTracker } from './binding-tracker.ts';
import { throughputFigures } from './scheduling-throughput.ts';
import { clusterConfigYaml, conditionIsTrue } from './simulated-cluster.ts';
import { eventTypeIs, type WatchEvent } from './watch-stream.ts';

describe('eventTypeIs', () => {
  const bytes = Buffer.from('{"type":"ADDED","object":{}}\n{"type":"DELETED","object":{}}');
  const secondStart = bytes.indexOf(0x0a) + 1;
  it.each([
    { start: 0, end: secondStart - 1, type: 'ADDED', expected: true },
    { start: 0, end: secondStart - 1, type: 'DELETED', expected: false },
    { start: secondStart, end: bytes.length, type: 'DELETED', expected: true },
    { start: secondStart, end: bytes.length, type: 'DELETE', expected: false },
    { start: 0, end: 5, type: 'ADDED', expected: false },
  ])('[$start, $end) is $type: $expected', ({ start, end, type, expected }) => {
    expect(eventTypeIs(bytes, start, end, type)).toBe(expected);
  });
});

describe('clusterConfigYaml', () => {
  it('writes simulated pools and plugins as kubernel.yaml sections', () => {
    const text = clusterConfigYaml({
      pools: [{ name: 'sim', count: 3, capacity: { cpu: '4', memory: '32Gi', pods: 110 }, labels: { tier: 'a' }, podStartupMs: 0 }],
      plugins: [{ name: 'scheduling/binpack' }],
    });
    expect(parse(text)).toEqual({
      nodePools: [{ name: 'sim', provider: 'simulated', options: { count: 3, capacity: { cpu: '4', memory: '32Gi', pods: 110 }, labels: { tier: 'a' }, podStartupMs: 0 } }],
      plugins: [{ name: 'scheduling/binpack' }],
    });
  });

  it('leaves plugins out when there are none', () => {
    expect(parse(clusterConfigYaml({ pools: [{ name: 'p', count: 1 }] }))).toEqual({ nodePools: [{ name: 'p', provider: 'simulated', options: { count: 1 } }] });
  });
});

describe('conditionIsTrue', () => {
  it.each([
    { status: { conditions: [{ type: 'Ready', status: 'True' }] }, expected: true },
    { status: { conditions: [{ type: 'Ready', status: 'False' }] }, expected: false },
    { status: { conditions: [{ type: 'MemoryPressure', status: 'True' }] }, expected: false },
    { status: {}, expected: false },
  ])('$status: $expected', ({ status, expected }) => {
    expect(conditionIsTrue({ status }, 'Ready')).toBe(expected);
  });
});

describe('throughputFigures', () => {
  it('rates from the first create to the last binding and takes latencies per pod', () => {
    // 10 pods sent 100 ms apart, each bound 20 ms after (the last one 200 ms after)
    const sent = Float64Array.from({ length: 10 }, (_, i) => 1000 + i * 100);
    const bound = Float64Array.from(sent, (t, i) => t + (i === 9 ? 200 : 20));
    const figures = throughputFigures(sent, bound, 10);
    expect(figures['bound']).toBe(10);
    expect(figures['measuredSec']).toBe(1.1);
    expect(figures['podsPerSec']).toBe(9.09);
    expect(figures['p50Ms']).toBe(20);
    expect(figures['maxMs']).toBe(200);
    // the steady phase (pods 1..8) leaves the slow last pod out
    expect(figures['steadyP99Ms']).toBe(20);
  });

  it('counts only pods that were bound', () => {
    const sent = Float64Array.from([0, 10, 20]);
    const bound = Float64Array.from([5, Number.NaN, 30]);
    expect(throughputFigures(sent, bound, 3)['bound']).toBe(2);
  });
});

describe('BindingTracker', () => {
  const event = (name: string, arrivedAt: number): WatchEvent => ({ type: 'ADDED', object: { metadata: { name } }, arrivedAt });

  it('records each pod of a tracked phase once, by the index in its name', () => {
    const tracker = new BindingTracker();
    const phase = tracker.track('p', 3);
    const other = tracker.track('init', 2);
    for (const e of [event('p-0', 10), event('p-2', 20), event('p-2', 30), event('init-1', 5), event('x-1', 1), event('p-7', 1), event('p-a', 1)]) tracker.onEvent(e);
    expect(phase.bound).toBe(2);
    expect([...phase.boundAt]).toEqual([10, Number.NaN, 20]);
    expect(other.bound).toBe(1);
  });
});
