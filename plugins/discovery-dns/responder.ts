import * as packet from 'dns-packet';
import type { Answer, DecodedPacket, OptAnswer, Packet } from 'dns-packet';
import type { ClusterZone, ZoneReply, ZoneRcode } from './cluster-zone.ts';
import type { Forwarder } from './forwarder.ts';

export type Transport = 'udp' | 'tcp';

/** RFC 1035 §4.1.1 response codes this server sends. */
const RCODES = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
type Rcode = keyof typeof RCODES;

/** A UDP answer without EDNS fits 512 bytes (RFC 1035); with EDNS, what the client offers, within reason. */
const PLAIN_UDP_SIZE = 512;
const MAX_EDNS_UDP_SIZE = 4096;
/** what this server offers in its own OPT record (the DNS flag day 2020 size CoreDNS also uses) */
const ADVERTISED_UDP_SIZE = 1232;

const OPCODE_QUERY = 0;

export interface ResponderSettings {
  zone: ClusterZone;
  /** undefined: no upstream, names outside the zone are refused */
  forwarder: Forwarder | undefined;
  /** told about every refusal for want of an upstream (the server logs the first) */
  onRefused: (name: string) => void;
}

function opcodeOf(query: DecodedPacket): number {
  return ((query.flags ?? 0) >> 11) & 0xf;
}

function optOf(query: DecodedPacket): OptAnswer | undefined {
  return query.additionals?.find((record): record is OptAnswer => record.type === 'OPT');
}

function udpLimit(opt: OptAnswer | undefined): number {
  if (opt === undefined) return PLAIN_UDP_SIZE;
  return Math.min(MAX_EDNS_UDP_SIZE, Math.max(PLAIN_UDP_SIZE, opt.udpPayloadSize));
}

/**
 * One DNS message in, one out: the cluster zone answers its own names and
 * the PTRs of addresses it knows, the forwarder everything else (or REFUSED
 * without upstreams). Malformed queries get FORMERR, other opcodes NOTIMP,
 * responses nothing. A UDP answer too big for the client is cut down and
 * flagged TC, so that the client asks again over TCP.
 */
export class Responder {
  constructor(private readonly settings: ResponderSettings) {}

  async respond(message: Buffer, transport: Transport): Promise<Buffer | undefined> {
    let query: DecodedPacket;
    try {
      query = packet.decode(message);
    } catch {
      return formatError(message);
    }
    if (query.type === 'response') return undefined;
    if (opcodeOf(query) !== OPCODE_QUERY) return this.encode(query, empty('REFUSED'), 'NOTIMP', false, transport);
    const questions = query.questions ?? [];
    const [question] = questions;
    if (question === undefined || questions.length > 1) return this.encode(query, empty('REFUSED'), 'FORMERR', false, transport);

    const { zone, forwarder } = this.settings;
    if (zone.contains(question.name)) {
      const reply = await zone.answer(question.name, question.type);
      return this.encode(query, reply, reply.rcode, true, transport);
    }
    const reverse = zone.reverse(question.name, question.type);
    if (reverse !== undefined) return this.encode(query, reverse, reverse.rcode, true, transport);
    if (forwarder === undefined) {
      this.settings.onRefused(question.name);
      return this.encode(query, empty('REFUSED'), 'REFUSED', false, transport);
    }
    const relayed = await forwarder.forward(message);
    return relayed ?? this.encode(query, empty('SERVFAIL'), 'SERVFAIL', false, transport);
  }

  private encode(query: DecodedPacket, reply: ZoneReply, rcode: Rcode, authoritative: boolean, transport: Transport): Buffer {
    const opt = optOf(query);
    const flags =
      (opcodeOf(query) << 11) |
      (authoritative ? packet.AUTHORITATIVE_ANSWER : 0) |
      ((query.flags ?? 0) & packet.RECURSION_DESIRED) |
      RCODES[rcode];
    const response: Packet = {
      type: 'response',
      id: query.id ?? 0,
      flags,
      questions: query.questions ?? [],
      answers: reply.answers,
      authorities: reply.authorities,
      additionals: opt === undefined ? reply.additionals : [...reply.additionals, ownOpt()],
    };
    const encoded = packet.encode(response);
    if (transport === 'tcp' || encoded.length <= udpLimit(opt)) return encoded;
    return truncate(response, udpLimit(opt), opt !== undefined);
  }
}

function empty(rcode: ZoneRcode): ZoneReply {
  return { rcode, answers: [], authorities: [], additionals: [] };
}

function ownOpt(): OptAnswer {
  return { type: 'OPT', name: '.', udpPayloadSize: ADVERTISED_UDP_SIZE, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] };
}

/**
 * miekg/dns's Msg.Truncate, as CoreDNS applies it: additionals go first (no
 * TC for those), then answers and authorities from the end, with TC set.
 */
function truncate(response: Packet, limit: number, withOpt: boolean): Buffer {
  const additionals: Answer[] = withOpt ? [ownOpt()] : [];
  let cut: Packet = { ...response, additionals };
  if (packet.encodingLength(cut) <= limit) return packet.encode(cut);
  const answers = [...(response.answers ?? [])];
  const authorities = [...(response.authorities ?? [])];
  cut = { ...cut, flags: (response.flags ?? 0) | packet.TRUNCATED_RESPONSE, answers, authorities };
  while (packet.encodingLength(cut) > limit && (answers.length > 0 || authorities.length > 0)) {
    if (authorities.length > 0) authorities.pop();
    else answers.pop();
  }
  return packet.encode(cut);
}

/** FORMERR for a message whose header could be read; nothing for one too short to have an ID. */
function formatError(message: Buffer): Buffer | undefined {
  if (message.length < 12) return undefined;
  const flags = message.readUInt16BE(2);
  if ((flags & 0x8000) !== 0) return undefined;
  const rd = flags & packet.RECURSION_DESIRED;
  return packet.encode({ type: 'response', id: message.readUInt16BE(0), flags: rd | RCODES.FORMERR });
}
