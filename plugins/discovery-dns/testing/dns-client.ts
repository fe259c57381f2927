import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';
import { randomInt } from 'node:crypto';
import * as packet from 'dns-packet';
import type { Answer, DecodedPacket, RecordType } from 'dns-packet';

const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

export function rcodeOf(response: DecodedPacket): string {
  const code = (response.flags ?? 0) & 0xf;
  return RCODE_NAMES[code] ?? `RCODE_${code}`;
}

export interface QueryOptions {
  address?: string;
  /** advertise EDNS with this UDP size */
  edns?: number;
  timeoutMs?: number;
}

export function encodeQuery(name: string, type: string, options: QueryOptions = {}): Buffer {
  return packet.encode({
    type: 'query',
    id: randomInt(0, 65_536),
    flags: packet.RECURSION_DESIRED,
    // UNKNOWN_nn and other types dns-packet's union does not list travel as strings
    questions: [{ type: type as RecordType, name, class: 'IN' }],
    ...(options.edns === undefined
      ? {}
      : { additionals: [{ type: 'OPT', name: '.', udpPayloadSize: options.edns, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] }),
  });
}

/** Sends raw bytes over UDP and resolves with the raw reply (undefined after the timeout). */
export function exchangeUdp(port: number, message: Buffer, options: QueryOptions = {}): Promise<Buffer | undefined> {
  const address = options.address ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, options.timeoutMs ?? 5000);
    socket.on('error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.on('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    });
    socket.send(message, port, address);
  });
}

export async function queryUdp(port: number, name: string, type: string, options: QueryOptions = {}): Promise<DecodedPacket & { size: number }> {
  const reply = await exchangeUdp(port, encodeQuery(name, type, options), options);
  if (reply === undefined) throw new Error(`no UDP answer for ${name} ${type}`);
  return { ...packet.decode(reply), size: reply.length };
}

export function queryTcp(port: number, name: string, type: string, options: QueryOptions = {}): Promise<DecodedPacket> {
  const address = options.address ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    let received = Buffer.alloc(0);
    socket.setTimeout(options.timeoutMs ?? 5000, () => socket.destroy(new Error(`no TCP answer for ${name} ${type}`)));
    socket.on('error', reject);
    socket.on('connect', () => socket.write(packet.streamEncode(packet.decode(encodeQuery(name, type, options)))));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
      socket.end();
      resolve(packet.decode(received.subarray(2, 2 + received.readUInt16BE(0))));
    });
  });
}

/** `name TYPE data` lines of a section, sorted, for readable expectations. */
export function records(section: readonly Answer[] | undefined): string[] {
  return (section ?? [])
    .filter((record) => record.type !== 'OPT')
    .map((record) => {
      if (record.type === 'SRV') return `${record.name} SRV ${record.data.priority ?? 0} ${record.data.weight ?? 0} ${record.data.port} ${record.data.target}`;
      const data = 'data' in record ? record.data : undefined;
      const text = Buffer.isBuffer(data) ? data.toString() : Array.isArray(data) ? data.map(String).join(' ') : typeof data === 'object' ? JSON.stringify(data) : String(data);
      return `${record.name} ${record.type} ${text}`;
    })
    .sort();
}
