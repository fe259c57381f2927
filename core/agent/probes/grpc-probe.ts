/**
 * The grpc probe (kubelet's pkg/probe/grpc): calls grpc.health.v1.Health/Check
 * over cleartext HTTP/2 and succeeds when the answer is SERVING. Every other
 * outcome is a failure, with grpc_health_probe's texts. The health protocol
 * is two one-field messages, so they are encoded by hand rather than with a
 * gRPC library.
 */
import http2 from 'node:http2';
import { goDuration, joinHostPort, PROBE_USER_AGENT, type ProbeRun } from './probe-run.ts';

const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
const CODE_NAMES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists',
  'PermissionDenied', 'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange',
  'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated',
];
const UNIMPLEMENTED = 12;
const DEADLINE_EXCEEDED = 4;

interface RpcAnswer {
  code: number;
  message: string;
  body: Buffer;
}

export async function grpcProbe(host: string, port: number, service: string, timeoutMs: number): Promise<ProbeRun> {
  const addr = joinHostPort(host, port);
  const within = goDuration(timeoutMs);
  const startedAt = Date.now();
  const session = http2.connect(`http://${addr}`);
  session.on('error', () => undefined);
  try {
    const connected = await new Promise<boolean>((resolve) => {
      session.once('connect', () => resolve(true));
      session.once('error', () => resolve(false));
    });
    if (!connected) {
      // grpc-go's blocking dial keeps retrying until the deadline, so kubelet only ever reports the timeout
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, timeoutMs - (Date.now() - startedAt))));
      return { result: 'failure', output: `timeout: failed to connect service ${JSON.stringify(addr)} within ${within}: context deadline exceeded` };
    }
    const remaining = Math.max(1, timeoutMs - (Date.now() - startedAt));
    const answer = await callCheck(session, addr, service, remaining);
    if (answer === 'timeout') return { result: 'failure', output: `timeout: health rpc did not complete within ${within}` };
    if (answer.code === UNIMPLEMENTED) {
      return {
        result: 'failure',
        output: `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${answer.message}`,
      };
    }
    if (answer.code === DEADLINE_EXCEEDED) return { result: 'failure', output: `timeout: health rpc did not complete within ${within}` };
    if (answer.code !== 0) {
      const name = CODE_NAMES[answer.code] ?? `Code(${answer.code})`;
      return { result: 'failure', output: `error: health rpc probe failed: rpc error: code = ${name} desc = ${answer.message}` };
    }
    const status = servingStatusOf(answer.body);
    if (status !== 1) {
      return { result: 'failure', output: `service unhealthy (responded with ${JSON.stringify(SERVING_STATUS[status] ?? String(status))})` };
    }
    return { result: 'success', output: 'service healthy' };
  } finally {
    session.destroy();
  }
}

function callCheck(session: http2.ClientHttp2Session, addr: string, service: string, timeoutMs: number): Promise<RpcAnswer | 'timeout'> {
  return new Promise((resolve) => {
    const stream = session.request({
      ':method': 'POST',
      ':path': '/grpc.health.v1.Health/Check',
      ':authority': addr,
      'content-type': 'application/grpc',
      te: 'trailers',
      'user-agent': PROBE_USER_AGENT,
      'grpc-timeout': `${Math.ceil(timeoutMs)}m`,
    });
    let headers: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (answer: RpcAnswer | 'timeout'): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      stream.close();
      resolve(answer);
    };
    const deadline = setTimeout(() => settle('timeout'), timeoutMs);
    stream.on('response', (received) => (headers = received));
    stream.on('trailers', (received) => (trailers = received));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error: Error) => settle({ code: 14, message: error.message, body: Buffer.alloc(0) }));
    stream.on('close', () => settle(answerOf(headers, trailers, Buffer.concat(chunks))));
    stream.end(frame(encodeRequest(service)));
  });
}

function answerOf(headers: http2.IncomingHttpHeaders, trailers: http2.IncomingHttpHeaders, data: Buffer): RpcAnswer {
  const status = Number(headers[':status'] ?? 0);
  // a trailers-only answer carries grpc-status in the headers
  const grpcStatus = trailers['grpc-status'] ?? headers['grpc-status'];
  const grpcMessage = trailers['grpc-message'] ?? headers['grpc-message'];
  const message = typeof grpcMessage === 'string' ? safeDecode(grpcMessage) : '';
  if (typeof grpcStatus === 'string') return { code: Number(grpcStatus), message, body: data.subarray(5) };
  if (status !== 200) return { code: codeOfHttpStatus(status), message: `unexpected HTTP status code received from server: ${status}`, body: data };
  return { code: 13, message: 'server closed the stream without sending trailers', body: data };
}

/** gRPC's mapping of HTTP statuses for answers that are not gRPC */
function codeOfHttpStatus(status: number): number {
  if (status === 400) return 13;
  if (status === 401) return 16;
  if (status === 403) return 7;
  if (status === 404) return UNIMPLEMENTED;
  if (status === 429 || status === 502 || status === 503 || status === 504) return 14;
  return 2;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** HealthCheckRequest { string service = 1; } */
function encodeRequest(service: string): Buffer {
  if (service === '') return Buffer.alloc(0);
  const bytes = Buffer.from(service, 'utf8');
  return Buffer.concat([Buffer.from([0x0a]), varint(bytes.length), bytes]);
}

function frame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** HealthCheckResponse { ServingStatus status = 1; }: absent means UNKNOWN (0) */
function servingStatusOf(message: Buffer): number {
  let offset = 0;
  const readVarint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = message[offset++];
      if (byte === undefined) return result;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  };
  let status = 0;
  while (offset < message.length) {
    const tag = readVarint();
    const wireType = tag & 7;
    if (wireType === 0) {
      const value = readVarint();
      if (tag >>> 3 === 1) status = value;
    } else if (wireType === 2) {
      offset += readVarint();
    } else if (wireType === 1) {
      offset += 8;
    } else if (wireType === 5) {
      offset += 4;
    } else {
      break;
    }
  }
  return status;
}
