import { describe, expect, it } from 'vitest';
import { conclude, probeOnce } from './run-probe.ts';
import type { ProbeSpec } from './probe-spec.ts';

describe('conclude', () => {
  it.each([
    [{ result: 'success', output: 'ok' }, { result: 'success', event: undefined }],
    [
      { result: 'warning', output: 'Probe terminated redirects, Response body: ' },
      { result: 'success', event: { reason: 'ProbeWarning', message: 'Readiness probe warning: Probe terminated redirects, Response body: ' } },
    ],
    [
      { result: 'failure', output: 'HTTP probe failed with statuscode: 500' },
      { result: 'failure', event: { reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 500' } },
    ],
    [{ result: 'unknown', output: '' }, { result: 'failure', event: undefined }],
    [
      { result: 'unknown', output: '', error: 'strconv.Atoi: parsing "web": invalid syntax' },
      {
        result: undefined,
        event: { reason: 'Unhealthy', message: 'Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing "web": invalid syntax' },
      },
    ],
  ] as const)('maps %j as kubelet does', (run, expected) => {
    expect(conclude('readiness', run)).toEqual(expected);
  });
});

describe('probeOnce', () => {
  const spec = (handler: ProbeSpec['handler']): ProbeSpec => ({
    handler,
    initialDelaySeconds: 0,
    periodSeconds: 10,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
  });

  it('retries a probe that errors three times, then discards it', async () => {
    let calls = 0;
    const conclusion = await probeOnce('liveness', spec({ type: 'exec', command: ['x'] }), {
      container: {},
      containerName: 'app',
      containerId: 'c1',
      podIP: '127.0.0.1',
      exec: async () => {
        calls++;
        throw new Error('no such container');
      },
    }, 1000);
    expect(calls).toBe(3);
    expect(conclusion).toEqual({
      result: undefined,
      event: { reason: 'Unhealthy', message: 'Liveness probe errored and resulted in unknown state: no such container' },
    });
  });

  it('does not retry a plain failure', async () => {
    let calls = 0;
    await probeOnce('liveness', spec({ type: 'exec', command: ['x'] }), {
      container: {},
      containerName: 'app',
      containerId: 'c1',
      podIP: '127.0.0.1',
      exec: async () => {
        calls++;
        return { exitCode: 1, output: '' };
      },
    }, 1000);
    expect(calls).toBe(1);
  });

  it('expands $(VAR) in the command from the container env', async () => {
    const commands: string[][] = [];
    await probeOnce('startup', spec({ type: 'exec', command: ['test', '-f', '$(MARKER)'] }), {
      container: { env: [{ name: 'MARKER', value: '/tmp/up' }] },
      containerName: 'app',
      containerId: 'c1',
      podIP: '127.0.0.1',
      exec: async (_id, command) => {
        commands.push(command);
        return { exitCode: 0, output: '' };
      },
    }, 1000);
    expect(commands).toEqual([['test', '-f', '/tmp/up']]);
  });

  it('refuses to dial when the pod has no IP', async () => {
    const conclusion = await probeOnce('readiness', spec({ type: 'tcpSocket', host: '', port: 80 }), {
      container: {},
      containerName: 'app',
      containerId: 'c1',
      podIP: '',
      exec: undefined,
    }, 1000);
    expect(conclusion.result).toBeUndefined();
  });
});
