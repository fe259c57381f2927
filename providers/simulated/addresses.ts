/**
 * Fake but consistent addressing, as a cluster's node IPAM would hand out:
 * node k gets the InternalIP 172.16.0.0/12 + k + 2 and the pod range
 * 10.(k / 256).(k % 256).0/24; its pods take .2 to .254 of that range.
 */

export const MAX_NODES = 65_536;
const FIRST_POD_HOST = 2;
const LAST_POD_HOST = 254;

export interface NodeAddressing {
  index: number;
  internalIp: string;
  podCidr: string;
}

export function addressingFor(index: number): NodeAddressing {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_NODES) throw new RangeError(`node index ${index} is outside 0..${MAX_NODES - 1}`);
  const host = index + 2;
  const internalIp = `172.${16 + (host >> 16)}.${(host >> 8) & 255}.${host & 255}`;
  return { index, internalIp, podCidr: `10.${index >> 8}.${index & 255}.0/24` };
}

/** The node index a pod range of ours stands for, or undefined for any other range. */
export function indexOfPodCidr(cidr: string): number | undefined {
  const match = /^10\.(\d{1,3})\.(\d{1,3})\.0\/24$/.exec(cidr);
  if (match === null) return undefined;
  const high = Number(match[1]);
  const low = Number(match[2]);
  if (high > 255 || low > 255) return undefined;
  return high * 256 + low;
}

/** Lowest free node indexes first, so a restarted fleet fills the gaps its deleted nodes left. */
export class NodeIndexAllocator {
  private readonly used = new Set<number>();
  private lowestMaybeFree = 0;

  /** claims `index` when it is free; false when another node holds it */
  claim(index: number): boolean {
    if (this.used.has(index)) return false;
    this.used.add(index);
    return true;
  }

  allocate(): number {
    while (this.used.has(this.lowestMaybeFree)) this.lowestMaybeFree++;
    if (this.lowestMaybeFree >= MAX_NODES) throw new RangeError(`more than ${MAX_NODES} simulated nodes`);
    const index = this.lowestMaybeFree;
    this.used.add(index);
    return index;
  }

  release(index: number): void {
    this.used.delete(index);
    if (index < this.lowestMaybeFree) this.lowestMaybeFree = index;
  }
}

/**
 * One node's pod addresses: handed out in turn (as host-local IPAM does, so
 * an address is not reused at once), skipping those in use.
 */
export class PodAddressPool {
  private readonly used = new Set<number>();
  private cursor = FIRST_POD_HOST;
  private readonly prefix: string;

  constructor(podCidr: string) {
    this.prefix = podCidr.slice(0, podCidr.lastIndexOf('.') + 1);
  }

  /** marks an address as taken (a pod that already runs); false when it is not one of this range */
  reserve(ip: string): boolean {
    const host = this.hostOf(ip);
    if (host === undefined) return false;
    this.used.add(host);
    return true;
  }

  allocate(): string | undefined {
    const span = LAST_POD_HOST - FIRST_POD_HOST + 1;
    for (let tried = 0; tried < span; tried++) {
      const host = this.cursor;
      this.cursor = host === LAST_POD_HOST ? FIRST_POD_HOST : host + 1;
      if (!this.used.has(host)) {
        this.used.add(host);
        return `${this.prefix}${host}`;
      }
    }
    return undefined;
  }

  release(ip: string): void {
    const host = this.hostOf(ip);
    if (host !== undefined) this.used.delete(host);
  }

  get size(): number {
    return this.used.size;
  }

  private hostOf(ip: string): number | undefined {
    if (!ip.startsWith(this.prefix)) return undefined;
    const host = Number(ip.slice(this.prefix.length));
    return Number.isInteger(host) && host >= FIRST_POD_HOST && host <= LAST_POD_HOST ? host : undefined;
  }
}
