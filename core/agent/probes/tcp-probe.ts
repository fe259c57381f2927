/**
 * The tcpSocket probe (kubelet's pkg/probe/tcp): success when a connection
 * opens within the timeout; it is closed at once, nothing is sent.
 */
import net from 'node:net';
import { goDialError, joinHostPort, type ProbeRun } from './probe-run.ts';

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeRun> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const settle = (run: ProbeRun): void => {
      clearTimeout(deadline);
      socket.destroy();
      resolve(run);
    };
    const deadline = setTimeout(() => {
      settle({ result: 'failure', output: `dial tcp ${joinHostPort(host, port)}: i/o timeout` });
    }, timeoutMs);
    socket.once('connect', () => settle({ result: 'success', output: '' }));
    socket.once('error', (error) => settle({ result: 'failure', output: goDialError(host, port, error) }));
  });
}
