import { createHash } from 'node:crypto';

/** Every chain this plugin owns starts with this; no other chain is ever touched. */
export const CHAIN_PREFIX = 'KUBERNEL-';

export const SERVICES_CHAIN = 'KUBERNEL-SERVICES';
export const EXTERNAL_SERVICES_CHAIN = 'KUBERNEL-EXTERNAL-SERVICES';
export const NODEPORTS_CHAIN = 'KUBERNEL-NODEPORTS';
export const POSTROUTING_CHAIN = 'KUBERNEL-POSTROUTING';
export const MARK_MASQ_CHAIN = 'KUBERNEL-MARK-MASQ';

/**
 * iptables chain names hold at most 28 characters; "KUBERNEL-SVC-" takes 13,
 * so the hash gets 15 (kube-proxy's 16 behind the shorter "KUBE-SVC-").
 */
const HASH_LENGTH = 15;

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

export function serviceChain(portName: string, protocol: string): string {
  return `KUBERNEL-SVC-${hash(portName + protocol.toLowerCase())}`;
}

export function externalChain(portName: string, protocol: string): string {
  return `KUBERNEL-EXT-${hash(portName + protocol.toLowerCase())}`;
}

export function endpointChain(portName: string, protocol: string, endpoint: string): string {
  return `KUBERNEL-SEP-${hash(portName + protocol.toLowerCase() + endpoint)}`;
}

export function isOwnChain(chain: string): boolean {
  return chain.startsWith(CHAIN_PREFIX);
}
