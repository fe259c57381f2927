import { describe, expect, it, vi } from 'vitest';
import { eventually, pause, pod, useProbeHarness } from './probe-manager.test-support.ts';

describe('ProbeManager lifecycle', () => {
  const h = useProbeHarness();
  const { target, changes, runEvents } = h;

  it('starts over for a new container id and ignores the same one again', async () => {
    target.status = 500;
    const probes = h.manager();
    const container = { name: 'app', livenessProbe: h.httpProbe({ failureThreshold: 1 }), readinessProbe: h.httpProbe({ failureThreshold: 1 }) };
    probes.addContainer(pod(), container, 'c1', '127.0.0.1');
    await eventually(() => expect(probes.liveness('pod-1', 'app')).toBe('failure'));

    probes.addContainer(pod(), container, 'c1', '127.0.0.1');
    expect(probes.liveness('pod-1', 'app')).toBe('failure');

    target.status = 200;
    probes.addContainer(pod(), container, 'c2', '127.0.0.1');
    expect(probes.liveness('pod-1', 'app')).toBe('success');
    expect(probes.readiness('pod-1', 'app')).toBe(false);
    await eventually(() => expect(probes.readiness('pod-1', 'app')).toBe(true));
    expect(changes.at(-1)).toMatchObject({ containerId: 'c2', kind: 'readiness', outcome: 'success' });
  });

  it('stops probing a removed pod', async () => {
    const probes = h.manager();
    probes.addContainer(pod(), { name: 'app', readinessProbe: h.httpProbe() }, 'c1', '127.0.0.1');
    probes.addContainer(pod(), { name: 'side', livenessProbe: h.httpProbe() }, 's1', '127.0.0.1');
    await eventually(() => expect(target.hits).toBeGreaterThanOrEqual(4));
    probes.removePod('pod-1');
    await pause(30);
    const hitsAfterRemoval = target.hits;
    const changesAfterRemoval = changes.length;
    await pause(100);
    expect(target.hits).toBe(hitsAfterRemoval);
    expect(changes).toHaveLength(changesAfterRemoval);
    // a container without probes is ready, alive and started
    expect(probes.readiness('pod-1', 'app')).toBe(true);
    expect(probes.liveness('pod-1', 'side')).toBe('success');
  });

  it('drops the result of a probe that was running when its container was removed', async () => {
    target.hang = true;
    const probes = h.manager();
    probes.addContainer(pod(), { name: 'app', livenessProbe: h.httpProbe({ timeoutSeconds: 10, failureThreshold: 1 }) }, 'c1', '127.0.0.1');
    await eventually(() => expect(target.hits).toBe(1));
    probes.removeContainer('pod-1', 'app');
    // the hanging request times out after 100 ms; nothing may come of it, and no next probe
    await pause(250);
    expect(changes).toEqual([]);
    expect(runEvents).toEqual([]);
    expect(target.hits).toBe(1);
  });

  it('runs only readiness for a pod being deleted, and after stopLivenessAndStartup', async () => {
    target.status = 500;
    const probes = h.manager();
    const container = { name: 'app', livenessProbe: h.httpProbe({ failureThreshold: 1 }), startupProbe: h.httpProbe() };
    probes.addContainer(pod('pod-2', true), container, 'c1', '127.0.0.1');
    expect(probes.started('pod-2', 'app')).toBe(true);
    await pause(100);
    expect(target.hits).toBe(0);

    probes.addContainer(pod('pod-3'), { ...container, startupProbe: undefined }, 'c2', '127.0.0.1');
    probes.stopLivenessAndStartup('pod-3');
    await pause(100);
    expect(target.hits).toBe(0);
    expect(probes.liveness('pod-3', 'app')).toBe('success');
  });

  it('delays the first probe by a random part of the period while the manager is young', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const probes = h.manager({ jitter: true });
    const added = Date.now();
    probes.addContainer(pod(), { name: 'app', readinessProbe: h.httpProbe({ periodSeconds: 40 }) }, 'c1', '127.0.0.1');
    await eventually(() => expect(target.firstHitAt).toBeGreaterThan(0));
    // half of a 400 ms period
    expect(target.firstHitAt - added).toBeGreaterThanOrEqual(190);
  });
});
