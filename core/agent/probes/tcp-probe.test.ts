import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { listeningPort } from './listening-port.test-support.ts';
import { tcpProbe } from './tcp-probe.ts';
import { eventually } from '../../../test/e2e/support/eventually.ts';

describe('tcpSocket probe', () => {
  it('succeeds when the port accepts a connection', async () => {
    let accepted = 0;
    const server = net.createServer((socket) => {
      accepted++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = listeningPort(server);
    try {
      expect(await tcpProbe('127.0.0.1', port, 1000)).toEqual({ result: 'success', output: '' });
      await eventually(() => expect(accepted).toBe(1), 5_000, 5);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('fails with Go\'s dial error when nothing listens', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = listeningPort(server);
    await new Promise((resolve) => server.close(resolve));
    expect(await tcpProbe('127.0.0.1', port, 1000)).toEqual({
      result: 'failure',
      output: `dial tcp 127.0.0.1:${port}: connect: connection refused`,
    });
  });
});
