import { describe, expect, it } from 'vitest';
import { eventually, pause, pod, TIME_SCALE, useProbeHarness } from './probe-manager.test-support.ts';
import type { ProbeExec } from './types.ts';

describe('ProbeManager results', () => {
  const h = useProbeHarness();
  const { target, changes, runEvents } = h;

  it('fails liveness only after failureThreshold failures in a row, then holds', async () => {
    target.status = 500;
    const probes = h.manager();
    probes.addContainer(pod(), { name: 'app', livenessProbe: h.httpProbe() }, 'c1', '127.0.0.1');
    expect(probes.liveness('pod-1', 'app')).toBe('success');

    await eventually(() => expect(changes).toHaveLength(1));
    expect(changes[0]).toEqual({
      podUid: 'pod-1',
      containerName: 'app',
      containerId: 'c1',
      kind: 'liveness',
      outcome: 'failure',
      message: 'Liveness probe failed: HTTP probe failed with statuscode: 500',
      hits: 3,
    });
    expect(probes.liveness('pod-1', 'app')).toBe('failure');
    expect(probes.restartReason('pod-1', 'app')).toBe('Container app failed liveness probe');
    // every failed run is an Unhealthy event, as kubelet records them
    expect(runEvents.map((e) => e.reason)).toEqual(['Unhealthy', 'Unhealthy', 'Unhealthy']);

    // on hold until a new container instance: the dying one is not probed again
    await pause(100);
    expect(target.hits).toBe(3);
  });

  it('counts only consecutive failures towards the threshold', async () => {
    // fail, fail, succeed, over and over: never three failures in a row
    target.statusOf = (hit) => (hit % 3 === 0 ? 200 : 500);
    const probes = h.manager();
    probes.addContainer(pod(), { name: 'app', livenessProbe: h.httpProbe() }, 'c1', '127.0.0.1');
    await eventually(() => expect(target.hits).toBeGreaterThanOrEqual(9));
    expect(changes).toEqual([]);
    expect(probes.liveness('pod-1', 'app')).toBe('success');
  });

  it('makes a container ready after successThreshold successes, and reports only changes', async () => {
    const probes = h.manager();
    probes.addContainer(pod(), { name: 'app', readinessProbe: h.httpProbe({ successThreshold: 2, failureThreshold: 1 }) }, 'c1', '127.0.0.1');
    expect(probes.readiness('pod-1', 'app')).toBe(false);

    await eventually(() => expect(changes).toHaveLength(1));
    expect(changes[0]).toMatchObject({ kind: 'readiness', outcome: 'success', message: '', hits: 2 });
    expect(probes.readiness('pod-1', 'app')).toBe(true);
    expect(probes.ready('pod-1', 'app')).toBe(true);

    await eventually(() => expect(target.hits).toBeGreaterThanOrEqual(6));
    expect(changes).toHaveLength(1);

    target.status = 503;
    await eventually(() => expect(changes).toHaveLength(2));
    expect(changes[1]).toMatchObject({ outcome: 'failure', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' });
    expect(probes.readiness('pod-1', 'app')).toBe(false);
  });

  it('reads 399 as success and 400 as failure', async () => {
    target.status = 399;
    const probes = h.manager();
    probes.addContainer(pod(), { name: 'app', readinessProbe: h.httpProbe({ failureThreshold: 1 }) }, 'c1', '127.0.0.1');
    await eventually(() => expect(probes.readiness('pod-1', 'app')).toBe(true));
    // a 3xx that ends the probe succeeds with a warning event
    expect(runEvents[0]).toMatchObject({ reason: 'ProbeWarning', message: 'Readiness probe warning: Probe terminated redirects, Response body: ' });
    target.status = 400;
    await eventually(() => expect(probes.readiness('pod-1', 'app')).toBe(false));
  });

  it('does not probe before initialDelaySeconds have passed since the container started', async () => {
    let clock = 1_000_000;
    const probes = h.manager({ now: () => clock });
    probes.addContainer(pod(), { name: 'app', readinessProbe: h.httpProbe({ initialDelaySeconds: 5 }) }, 'c1', '127.0.0.1', new Date(clock));
    clock += 4.9 * 1000 * TIME_SCALE;
    await pause(100);
    expect(target.hits).toBe(0);
    clock += 0.1 * 1000 * TIME_SCALE;
    await eventually(() => expect(target.hits).toBeGreaterThan(0));
    await eventually(() => expect(probes.readiness('pod-1', 'app')).toBe(true));
  });

  it('runs neither liveness nor readiness until the startup probe passed', async () => {
    target.status = 500;
    let startupExit = 1;
    const exec: ProbeExec = async () => ({ exitCode: startupExit, output: '' });
    const probes = h.manager({ exec });
    probes.addContainer(
      pod(),
      {
        name: 'app',
        startupProbe: { exec: { command: ['test', '-f', '/tmp/up'] }, periodSeconds: 1, failureThreshold: 1000 },
        livenessProbe: h.httpProbe({ failureThreshold: 1 }),
        readinessProbe: h.httpProbe(),
      },
      'c1',
      '127.0.0.1',
    );
    expect(probes.startup('pod-1', 'app')).toBe('unknown');
    expect(probes.started('pod-1', 'app')).toBe(false);
    expect(probes.liveness('pod-1', 'app')).toBe('success');
    await pause(100);
    expect(target.hits).toBe(0);
    expect(changes).toEqual([]);

    startupExit = 0;
    await eventually(() => expect(probes.started('pod-1', 'app')).toBe(true));
    expect(changes[0]).toMatchObject({ kind: 'startup', outcome: 'success' });
    await eventually(() => expect(probes.liveness('pod-1', 'app')).toBe('failure'));
    expect(target.hits).toBeGreaterThan(0);
  });

  it('asks for a restart when the startup probe fails', async () => {
    const exec: ProbeExec = async () => ({ exitCode: 1, output: 'not yet\n' });
    const probes = h.manager({ exec });
    probes.addContainer(
      pod(),
      {
        name: 'app',
        startupProbe: { exec: { command: ['check'] }, periodSeconds: 1, failureThreshold: 2 },
        livenessProbe: h.httpProbe(),
      },
      'c1',
      '127.0.0.1',
    );
    await eventually(() => expect(probes.startup('pod-1', 'app')).toBe('failure'));
    expect(changes).toEqual([expect.objectContaining({ kind: 'startup', outcome: 'failure', message: 'Startup probe failed: not yet\n' })]);
    expect(probes.restartReason('pod-1', 'app')).toBe('Container app failed startup probe');
    expect(target.hits).toBe(0);
  });

  it('resolves a named port from the container\'s ports', async () => {
    const probes = h.manager();
    probes.addContainer(
      pod(),
      { name: 'app', ports: [{ name: 'http', containerPort: target.port }], readinessProbe: h.httpProbe({ httpGet: { port: 'http' } }) },
      'c1',
      '127.0.0.1',
    );
    await eventually(() => expect(probes.readiness('pod-1', 'app')).toBe(true));
    expect(target.hits).toBeGreaterThan(0);
  });

  it('reports an unresolvable port as an errored probe and keeps the result', async () => {
    const probes = h.manager();
    probes.addContainer(pod(), { name: 'app', readinessProbe: h.httpProbe({ httpGet: { port: 'admin' } }) }, 'c1', '127.0.0.1');
    await eventually(() => expect(runEvents.length).toBeGreaterThan(0));
    expect(runEvents[0]?.message).toBe('Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing "admin": invalid syntax');
    expect(changes).toEqual([]);
    expect(probes.readiness('pod-1', 'app')).toBe(false);
  });

  it('fails a probe that times out', async () => {
    target.hang = true;
    const probes = h.manager();
    probes.addContainer(pod(), { name: 'app', livenessProbe: h.httpProbe({ timeoutSeconds: 5, failureThreshold: 1 }) }, 'c1', '127.0.0.1');
    await eventually(() => expect(changes).toHaveLength(1));
    expect(changes[0]?.message).toBe(
      `Liveness probe failed: Get "http://127.0.0.1:${target.port}/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    );
  });

  it('judges an exec probe by its exit code and shows its output', async () => {
    let exitCode = 0;
    const ids: string[] = [];
    const exec: ProbeExec = async (containerId) => {
      ids.push(containerId);
      return { exitCode, output: exitCode === 0 ? '' : 'boom\n' };
    };
    const probes = h.manager({ exec });
    probes.addContainer(pod(), { name: 'app', livenessProbe: { exec: { command: ['check'] }, periodSeconds: 1, failureThreshold: 1 } }, 'c7', '127.0.0.1');
    await eventually(() => expect(ids.length).toBeGreaterThanOrEqual(2));
    expect(changes).toEqual([]);
    exitCode = 1;
    await eventually(() => expect(changes).toHaveLength(1));
    expect(changes[0]).toMatchObject({ containerId: 'c7', outcome: 'failure', message: 'Liveness probe failed: boom\n' });
    expect(new Set(ids)).toEqual(new Set(['c7']));
  });

  it('keeps exec probes from deciding anything when the runtime has no exec', async () => {
    const probes = h.manager({ exec: undefined });
    probes.addContainer(
      pod(),
      { name: 'app', readinessProbe: { exec: { command: ['check'] }, periodSeconds: 1 }, livenessProbe: { exec: { command: ['check'] }, periodSeconds: 1 } },
      'c1',
      '127.0.0.1',
    );
    await eventually(() => expect(runEvents.length).toBeGreaterThanOrEqual(2));
    expect(runEvents.map((e) => e.message)).toContain(
      "Liveness probe errored and resulted in unknown state: exec probes are not supported by this node's container runtime",
    );
    expect(changes).toEqual([]);
    expect(probes.liveness('pod-1', 'app')).toBe('success');
    expect(probes.readiness('pod-1', 'app')).toBe(false);
  });

  it('stops one container\'s probes with removeContainer', async () => {
    const probes = h.manager();
    probes.addContainer(pod(), { name: 'app', readinessProbe: h.httpProbe() }, 'c1', '127.0.0.1');
    await eventually(() => expect(target.hits).toBeGreaterThan(0));
    probes.removeContainer('pod-1', 'app');
    await pause(30);
    const hits = target.hits;
    await pause(100);
    expect(target.hits).toBe(hits);
  });
});
