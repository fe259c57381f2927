/**
 * The Kubernetes remotecommand WebSocket protocol (k8s.io/apimachinery
 * util/remotecommand and util/httpstream/wsstream): every binary message
 * starts with one byte naming its channel. v4 reports the command's end as a
 * JSON meta/v1 Status on the error channel; v5 adds the CLOSE signal (255
 * followed by the channel being closed), which is how a client says "stdin is
 * at EOF".
 */
import { isRecord } from '../../api/types/meta.ts';

export const Channel = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  error: 3,
  resize: 4,
  close: 255,
} as const;

export const PROTOCOL_V5 = 'v5.channel.k8s.io';
export const PROTOCOL_V4 = 'v4.channel.k8s.io';

/** What the node server speaks, best first. */
export const SUPPORTED_PROTOCOLS: readonly string[] = [PROTOCOL_V5, PROTOCOL_V4];

/** The first protocol the client offers that is supported, as wsstream's handshake picks it. */
export function negotiateProtocol(offered: Iterable<string>): string | undefined {
  for (const protocol of offered) {
    if (SUPPORTED_PROTOCOLS.includes(protocol)) return protocol;
  }
  return undefined;
}

/** The `Sec-WebSocket-Protocol` header's list. */
export function offeredProtocols(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export function frame(channel: number, data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(data.length + 1);
  out[0] = channel;
  out.set(data, 1);
  return out;
}

/** A v4/v5 end-of-command Status: Success, or NonZeroExitCode with the code as an ExitCode cause. */
export function exitStatus(exitCode: number, command: readonly string[]): Record<string, unknown> {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    // kubelet wraps the runtime's error text; Go prints a []string as [a b c].
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** The terminal size a client sends on the resize channel: `{"Width":80,"Height":24}`. */
export function parseTerminalSize(data: Buffer): { width: number; height: number } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const width = value['Width'];
  const height = value['Height'];
  if (typeof width !== 'number' || typeof height !== 'number') return undefined;
  return { width, height };
}
