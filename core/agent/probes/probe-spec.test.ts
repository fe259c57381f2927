import { describe, expect, it } from 'vitest';
import { probeSpecOf } from './probe-spec.ts';

describe('probeSpecOf', () => {
  it('is undefined when the container declares no probe of that kind', () => {
    expect(probeSpecOf({ name: 'app', readinessProbe: { tcpSocket: { port: 80 } } }, 'liveness')).toBeUndefined();
  });

  it('applies kubelet\'s defaults to unset and zero fields', () => {
    expect(probeSpecOf({ livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 0 } }, 'liveness')).toEqual({
      handler: { type: 'tcpSocket', host: '', port: 80 },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it.each([
    ['readiness', 2],
    ['liveness', 1],
    ['startup', 1],
  ] as const)('keeps successThreshold 2 only for %s (got %i)', (kind, expected) => {
    const probe = { exec: { command: ['true'] }, successThreshold: 2 };
    const container = { livenessProbe: probe, readinessProbe: probe, startupProbe: probe };
    expect(probeSpecOf(container, kind)?.successThreshold).toBe(expected);
  });

  it.each([
    [{ exec: { command: ['cat', '/tmp/ok'] } }, { type: 'exec', command: ['cat', '/tmp/ok'] }],
    [
      { httpGet: { port: 'http', scheme: 'HTTPS', httpHeaders: [{ name: 'X-A', value: 'b' }] } },
      { type: 'httpGet', host: '', port: 'http', path: '/', scheme: 'HTTPS', headers: [{ name: 'X-A', value: 'b' }] },
    ],
    [{ httpGet: { port: 8080, path: '/healthz', host: '10.1.2.3' } }, { type: 'httpGet', host: '10.1.2.3', port: 8080, path: '/healthz', scheme: 'HTTP', headers: [] }],
    [{ tcpSocket: { port: 'db', host: 'h' } }, { type: 'tcpSocket', host: 'h', port: 'db' }],
    [{ grpc: { port: 9000, service: 'live' } }, { type: 'grpc', port: 9000, service: 'live' }],
    [{ grpc: { port: 9000 } }, { type: 'grpc', port: 9000, service: '' }],
    [{}, { type: 'none' }],
  ])('reads the handler of %j', (probe, handler) => {
    expect(probeSpecOf({ startupProbe: probe }, 'startup')?.handler).toEqual(handler);
  });

  it('keeps the declared timings', () => {
    const spec = probeSpecOf(
      {
        readinessProbe: {
          tcpSocket: { port: 1 },
          initialDelaySeconds: 5,
          periodSeconds: 2,
          timeoutSeconds: 3,
          successThreshold: 4,
          failureThreshold: 6,
        },
      },
      'readiness',
    );
    expect(spec).toMatchObject({ initialDelaySeconds: 5, periodSeconds: 2, timeoutSeconds: 3, successThreshold: 4, failureThreshold: 6 });
  });
});
