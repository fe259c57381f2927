import { describe, expect, it } from 'vitest';
import type { Condition } from './node-fields.ts';
import { afterStatusWrite, assessNodeHealth, type NodeHealth, type NodeSnapshot } from './node-health.ts';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const timings = { gracePeriodMs: 50_000, startupGracePeriodMs: 60_000 };
const at = (seconds: number): number => T0 + seconds * 1000;
const stamp = (seconds: number): string => new Date(at(seconds)).toISOString().replace('.000Z', 'Z');

function ready(status: string, heartbeat: number, transition = 0): Condition {
  return { type: 'Ready', status, reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: stamp(heartbeat), lastTransitionTime: stamp(transition) };
}

const memory: Condition = { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: stamp(0), lastTransitionTime: stamp(0) };

function node(conditions: Condition[], leaseRenewTime?: number): NodeSnapshot {
  return { conditions, createdAt: T0, leaseRenewTime: leaseRenewTime === undefined ? undefined : at(leaseRenewTime) };
}

function seen(probe: number, readyCondition: Condition | undefined, lease?: number): NodeHealth {
  return { probeTimestamp: at(probe), readyTransitionTimestamp: at(0), ready: readyCondition, leaseRenewTime: lease === undefined ? undefined : at(lease) };
}

describe('assessNodeHealth', () => {
  it.each([
    ['a node seen for the first time gets a full grace period, whatever its heartbeat says', undefined, node([ready('True', 0)]), 1000, false],
    ['a heartbeat within the grace period', seen(0, ready('True', 0)), node([ready('True', 0)]), 50, false],
    ['no heartbeat for longer than the grace period', seen(0, ready('True', 0)), node([ready('True', 0)]), 51, true],
    ['a new Ready heartbeat counts from when it was seen', seen(0, ready('True', 0)), node([ready('True', 40)]), 60, false],
    ['a renewed Lease counts as a heartbeat', seen(0, ready('True', 0), 0), node([ready('True', 0)], 30), 60, false],
    ['a Lease not renewed since last seen does not', seen(0, ready('True', 0), 30), node([ready('True', 0)], 30), 60, true],
    ['a Lease seen for the first time does', seen(0, ready('True', 0)), node([ready('True', 0)], 5), 60, false],
    ['a never-posted node within the startup grace period of its creation', undefined, node([]), 60, false],
    ['a never-posted node past the startup grace period', undefined, node([]), 61, true],
    ['a never-posted node that renews its Lease', undefined, node([], 100), 100, false],
  ])('%s', (_what, previous, snapshot, nowSeconds, silenced) => {
    const result = assessNodeHealth(previous, snapshot, at(nowSeconds), timings);
    expect(result.newConditions !== undefined).toBe(silenced);
  });

  it('turns every monitored condition Unknown, keeping heartbeats and leaving the rest alone', () => {
    const network: Condition = { type: 'NetworkUnavailable', status: 'False' };
    const result = assessNodeHealth(seen(0, ready('True', 0)), node([memory, ready('True', 0), network]), at(51), timings);
    expect(result.observedReady.status).toBe('True');
    expect(result.currentReady).toMatchObject({ status: 'Unknown' });
    expect(result.newConditions).toEqual([
      { ...memory, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: stamp(51) },
      { ...ready('True', 0), status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: stamp(51) },
      network,
      {
        type: 'DiskPressure',
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: stamp(0),
        lastTransitionTime: stamp(51),
      },
      expect.objectContaining({ type: 'PIDPressure', status: 'Unknown', reason: 'NodeStatusNeverUpdated' }),
    ]);
  });

  it('adds Unknown conditions to a node that never posted, and compares against a stand-in Ready dated at creation', () => {
    const result = assessNodeHealth(undefined, node([]), at(61), timings);
    expect(result.observedReady).toEqual({ type: 'Ready', status: 'Unknown', lastHeartbeatTime: stamp(0), lastTransitionTime: stamp(0) });
    expect(result.newConditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'Unknown', 'NodeStatusNeverUpdated'],
      ['MemoryPressure', 'Unknown', 'NodeStatusNeverUpdated'],
      ['DiskPressure', 'Unknown', 'NodeStatusNeverUpdated'],
      ['PIDPressure', 'Unknown', 'NodeStatusNeverUpdated'],
    ]);
  });

  it('writes nothing when Ready is Unknown already, and its own write is no heartbeat', () => {
    const first = assessNodeHealth(seen(0, ready('True', 0)), node([ready('True', 0)]), at(51), timings);
    const written = first.newConditions ?? [];
    const record = afterStatusWrite(first, at(51));
    expect(record.probeTimestamp).toBe(at(0));
    const again = assessNodeHealth(record, node(written), at(56), timings);
    expect(again.newConditions).toBeUndefined();
    expect(again.currentReady?.status).toBe('Unknown');
    expect(again.health.probeTimestamp).toBe(at(0));
  });

  it('takes a Ready posted again by the node as a heartbeat and a transition', () => {
    const record = afterStatusWrite(assessNodeHealth(seen(0, ready('True', 0)), node([ready('True', 0)]), at(51), timings), at(51));
    const back = assessNodeHealth(record, node([ready('True', 70, 70)]), at(71), timings);
    expect(back.newConditions).toBeUndefined();
    expect(back.health).toMatchObject({ probeTimestamp: at(71), readyTransitionTimestamp: at(71) });
    expect(back.currentReady?.status).toBe('True');
  });
});
