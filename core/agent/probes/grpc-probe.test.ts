import http2 from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { listeningPort } from './listening-port.test-support.ts';
import { grpcProbe } from './grpc-probe.ts';

const servers: http2.Http2Server[] = [];

/** A minimal grpc.health.v1 server: `statuses` maps a service name to its ServingStatus number. */
async function healthServer(statuses: Record<string, number>, options: { hang?: boolean } = {}): Promise<{ port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = http2.createServer();
  servers.push(server);
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (options.hang) return;
      if (headers[':path'] !== '/grpc.health.v1.Health/Check') {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'unknown service' }, { endStream: true });
        return;
      }
      const message = Buffer.concat(chunks).subarray(5);
      // HealthCheckRequest: field 1 (service) as 0x0a <len> <bytes>, absent for ''
      const service = message.length > 2 ? message.subarray(2).toString('utf8') : '';
      seen.push(service);
      const status = statuses[service];
      if (status === undefined) {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '5', 'grpc-message': 'unknown service' }, { endStream: true });
        return;
      }
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      const body = Buffer.from([0x08, status]);
      const prefix = Buffer.alloc(5);
      prefix.writeUInt32BE(body.length, 1);
      stream.end(Buffer.concat([prefix, body]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: listeningPort(server), seen };
}

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

describe('grpc probe', () => {
  it('succeeds when the service is SERVING', async () => {
    const { port, seen } = await healthServer({ '': 1, liveness: 1 });
    expect(await grpcProbe('127.0.0.1', port, '', 1000)).toEqual({ result: 'success', output: 'service healthy' });
    expect(await grpcProbe('127.0.0.1', port, 'liveness', 1000)).toEqual({ result: 'success', output: 'service healthy' });
    expect(seen).toEqual(['', 'liveness']);
  });

  it('fails when the service is NOT_SERVING', async () => {
    const { port } = await healthServer({ '': 2 });
    expect(await grpcProbe('127.0.0.1', port, '', 1000)).toEqual({
      result: 'failure',
      output: 'service unhealthy (responded with "NOT_SERVING")',
    });
  });

  it('fails with the rpc error of an unknown service', async () => {
    const { port } = await healthServer({});
    expect((await grpcProbe('127.0.0.1', port, 'db', 1000)).output).toBe(
      'error: health rpc probe failed: rpc error: code = NotFound desc = unknown service',
    );
  });

  it('fails when the health rpc does not answer in time', async () => {
    const { port } = await healthServer({ '': 1 }, { hang: true });
    expect(await grpcProbe('127.0.0.1', port, '', 100)).toEqual({
      result: 'failure',
      output: 'timeout: health rpc did not complete within 100ms',
    });
  });

  it('reports a port nobody listens on as a connect timeout, as grpc-go\'s blocking dial does', async () => {
    const { port } = await healthServer({});
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await grpcProbe('127.0.0.1', port, '', 50)).toEqual({
      result: 'failure',
      output: `timeout: failed to connect service "127.0.0.1:${port}" within 50ms: context deadline exceeded`,
    });
  });
});
