/**
 * The two ranges Services draw from: the ClusterIP range (kube-apiserver's
 * --service-cluster-ip-range) and the NodePort range (--service-node-port-range),
 * parsed from kubernel.yaml's `services` section. IPv4 only: Kubernel's
 * service network is single-stack.
 */

/** An IPv4 CIDR such as 10.96.0.0/16; addresses are unsigned 32-bit numbers. */
export interface ServiceIPRange {
  /** as configured, e.g. `10.96.0.0/16`: the range error messages name */
  cidr: string;
  network: number;
  prefix: number;
  /** every address of the CIDR, network and broadcast included */
  size: number;
}

export interface NodePortRange {
  first: number;
  last: number;
}

/** Kubernetes refuses larger service ranges (/12 holds a million addresses); smaller than /28 leaves too few. */
export const MIN_SERVICE_PREFIX = 12;
export const MAX_SERVICE_PREFIX = 28;

const IPV4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** A dotted IPv4 address as a number, or undefined (no leading zeros, as Go's parser). */
export function parseIPv4(text: string): number | undefined {
  const match = IPV4.exec(text);
  if (match === null) return undefined;
  const octets = match.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Why `text` is no usable service range, or undefined when it is one. */
export function serviceIPRangeProblem(text: string): string | undefined {
  const [address = '', prefixText, ...rest] = text.split('/');
  const network = parseIPv4(address);
  if (network === undefined || prefixText === undefined || rest.length > 0 || !/^\d{1,2}$/.test(prefixText)) {
    return `must be an IPv4 CIDR such as 10.96.0.0/16, not "${text}"`;
  }
  const prefix = Number(prefixText);
  if (prefix < MIN_SERVICE_PREFIX || prefix > MAX_SERVICE_PREFIX) {
    return `must be an IPv4 CIDR between /${MIN_SERVICE_PREFIX} and /${MAX_SERVICE_PREFIX}, not /${prefix}`;
  }
  if (network % 2 ** (32 - prefix) !== 0) return `must be the network address of its prefix, ${networkOf(network, prefix)}/${prefix}, not ${text}`;
  return undefined;
}

export function parseServiceIPRange(text: string): ServiceIPRange {
  const problem = serviceIPRangeProblem(text);
  if (problem !== undefined) throw new Error(`service ClusterIP range ${problem}`);
  const [address = '', prefixText = ''] = text.split('/');
  const prefix = Number(prefixText);
  return { cidr: text, network: parseIPv4(address) ?? 0, prefix, size: 2 ** (32 - prefix) };
}

/** The address `offset` places after the network address: 1 is the `kubernetes` Service's, 10 the DNS Service's. */
export function addressAt(range: ServiceIPRange, offset: number): string {
  return formatIPv4(range.network + offset);
}

/** The `kubernetes` Service's ClusterIP: the first address of the range (10.96.0.1). */
export function kubernetesServiceIP(cidr: string): string {
  return addressAt(parseServiceIPRange(cidr), 1);
}

/** Why `text` is no usable node port range `first-last`, or undefined when it is one. */
export function nodePortRangeProblem(text: string): string | undefined {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  if (match === null) return `must be a port range such as 30000-32767, not "${text}"`;
  const first = Number(match[1]);
  const last = Number(match[2]);
  if (first < 1 || last > 65535) return 'must lie inside 1-65535';
  if (first > last) return `must not end (${last}) before it starts (${first})`;
  return undefined;
}

export function parseNodePortRange(text: string): NodePortRange {
  const problem = nodePortRangeProblem(text);
  if (problem !== undefined) throw new Error(`service node port range ${problem}`);
  const [first = '', last = ''] = text.split('-');
  return { first: Number(first), last: Number(last) };
}

function networkOf(address: number, prefix: number): string {
  const block = 2 ** (32 - prefix);
  return formatIPv4(address - (address % block));
}
