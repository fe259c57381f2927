import { createHash } from 'node:crypto';

/** kube-proxy's chains start with KUBE-; ours with this unless `chainPrefix` says otherwise. */
export const DEFAULT_CHAIN_PREFIX = 'KUBERNEL';

/**
 * iptables chain names hold at most 28 characters; "KUBERNEL-SVC-" takes 13,
 * so the hash gets 15 (kube-proxy's 16 behind the shorter "KUBE-SVC-"). A
 * prefix of at most 8 characters keeps every name within 28.
 */
const HASH_LENGTH = 15;
export const MAX_CHAIN_PREFIX_LENGTH = 8;

/**
 * The names of one instance's chains. Every chain it owns starts with
 * `PREFIX-` and no other chain is ever touched, so instances with different
 * prefixes (two clusters on one host, tests running side by side) leave each
 * other's rules alone.
 */
export class ChainNames {
  readonly services: string;
  readonly externalServices: string;
  readonly nodePorts: string;
  readonly postrouting: string;
  readonly markMasq: string;
  private readonly start: string;

  constructor(readonly prefix: string = DEFAULT_CHAIN_PREFIX) {
    this.start = `${prefix}-`;
    this.services = `${prefix}-SERVICES`;
    this.externalServices = `${prefix}-EXTERNAL-SERVICES`;
    this.nodePorts = `${prefix}-NODEPORTS`;
    this.postrouting = `${prefix}-POSTROUTING`;
    this.markMasq = `${prefix}-MARK-MASQ`;
  }

  service(portName: string, protocol: string): string {
    return `${this.prefix}-SVC-${hash(portName + protocol.toLowerCase())}`;
  }

  external(portName: string, protocol: string): string {
    return `${this.prefix}-EXT-${hash(portName + protocol.toLowerCase())}`;
  }

  endpoint(portName: string, protocol: string, endpoint: string): string {
    return `${this.prefix}-SEP-${hash(portName + protocol.toLowerCase() + endpoint)}`;
  }

  isOwn(chain: string): boolean {
    return chain.startsWith(this.start);
  }
}

/** kube-proxy's portProtoHash: base32 of sha256, uppercase, cut to fit */
function hash(input: string): string {
  return base32(createHash('sha256').update(input).digest()).slice(0, HASH_LENGTH);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31] ?? '';
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** `namespace/name:portName` as kube-proxy's ServicePortName prints it (`namespace/name` for an unnamed port) */
export function servicePortName(namespace: string, name: string, portName: string): string {
  return portName === '' ? `${namespace}/${name}` : `${namespace}/${name}:${portName}`;
}
