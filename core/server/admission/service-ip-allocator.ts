import { AllocationError, rangeFull } from './service-allocation-error.ts';
import { RangeBitmap } from './service-range-bitmap.ts';
import { formatIPv4, parseIPv4, type ServiceIPRange } from './service-ranges.ts';

/** The `kubernetes` Service's address: the first of the range (10.96.0.1). */
export const KUBERNETES_SERVICE_OFFSET = 1;
/** The cluster DNS Service's address by convention: the tenth (10.96.0.10). */
export const DNS_SERVICE_OFFSET = 10;

/**
 * ClusterIPs out of one IPv4 range (pkg/registry/core/service/ipallocator).
 * The network and broadcast addresses are never handed out; the `kubernetes`
 * and DNS Services' addresses only to a Service that asks for them by value.
 */
export class ServiceIPAllocator {
  private readonly bitmap: RangeBitmap;

  constructor(readonly range: ServiceIPRange) {
    // Offset 0 of the bitmap is the range's first usable address (network + 1).
    const reserved = new Set([KUBERNETES_SERVICE_OFFSET - 1, DNS_SERVICE_OFFSET - 1]);
    this.bitmap = new RangeBitmap(range.size - 2, reserved);
  }

  allocate(ip: string): void {
    const offset = this.offsetOf(ip);
    if (offset === undefined) {
      throw new AllocationError('not-in-range', `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.range.cidr}`);
    }
    if (!this.bitmap.allocate(offset)) throw new AllocationError('allocated', 'provided IP is already allocated');
  }

  allocateNext(): string {
    const offset = this.bitmap.allocateNext();
    if (offset === undefined) throw rangeFull();
    return formatIPv4(this.range.network + 1 + offset);
  }

  /** Releasing an address that is not taken, or not in the range, is no error (as in Kubernetes). */
  release(ip: string): void {
    const offset = this.offsetOf(ip);
    if (offset !== undefined) this.bitmap.release(offset);
  }

  has(ip: string): boolean {
    const offset = this.offsetOf(ip);
    return offset !== undefined && this.bitmap.has(offset);
  }

  /** addresses taken */
  get used(): number {
    return this.bitmap.used;
  }

  private offsetOf(ip: string): number | undefined {
    const address = parseIPv4(ip);
    if (address === undefined) return undefined;
    const offset = address - this.range.network - 1;
    return offset >= 0 && offset < this.bitmap.size ? offset : undefined;
  }
}
