/** A remotecommand WebSocket client for tests: connects, lets the test send, and collects every channel until the server closes. */
import { WebSocket } from 'ws';
import { isRecord } from '../../../api/types/meta.ts';

export interface ExecResult {
  protocol: string;
  /** the first message, which says "connected" */
  first: Buffer | undefined;
  stdout: string;
  stderr: string;
  /** the Status on the error channel */
  status: Record<string, unknown>;
  closeCode: number;
}

export function execOverWebSocket(
  url: string,
  token: string,
  options: { protocols?: string[]; onOpen?: (ws: WebSocket) => void; ca?: string } = {},
): Promise<ExecResult> {
  const ws = new WebSocket(url, options.protocols ?? ['v5.channel.k8s.io'], { headers: { Authorization: `Bearer ${token}` }, ...(options.ca === undefined ? {} : { ca: options.ca }) });
  const out: Record<number, Buffer[]> = { 1: [], 2: [], 3: [] };
  let first: Buffer | undefined;
  return new Promise((resolve, reject) => {
    ws.on('open', () => options.onOpen?.(ws));
    ws.on('message', (data: Buffer) => {
      first ??= data;
      out[data[0] ?? 0]?.push(data.subarray(1));
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode ?? 0}`)));
    ws.on('error', reject);
    ws.on('close', (closeCode) => {
      const text = (channel: number): string => Buffer.concat(out[channel] ?? []).toString('utf8');
      const parsed: unknown = text(3) === '' ? {} : JSON.parse(text(3));
      resolve({ protocol: ws.protocol, first, stdout: text(1), stderr: text(2), status: isRecord(parsed) ? parsed : {}, closeCode });
    });
  });
}

/** A query with repeated parameters, as kubelet takes `command`. */
export function execQuery(query: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const v of [value].flat()) params.append(name, v);
  return params.toString();
}

/** A binary message on a channel. */
export function message(channel: number, data: string | number[] = []): Buffer {
  return Buffer.from([channel, ...(typeof data === 'string' ? Buffer.from(data) : data)]);
}
