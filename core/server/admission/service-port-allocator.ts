import { AllocationError, rangeFull } from './service-allocation-error.ts';
import { RangeBitmap } from './service-range-bitmap.ts';
import type { NodePortRange } from './service-ranges.ts';

/** NodePorts (and health-check node ports) out of one port range (pkg/registry/core/service/portallocator). */
export class NodePortAllocator {
  private readonly bitmap: RangeBitmap;

  constructor(readonly range: NodePortRange) {
    this.bitmap = new RangeBitmap(range.last - range.first + 1);
  }

  allocate(port: number): void {
    if (!this.inRange(port)) {
      throw new AllocationError('not-in-range', `provided port is not in the valid range. The range of valid ports is ${this.range.first}-${this.range.last}`);
    }
    if (!this.bitmap.allocate(port - this.range.first)) throw new AllocationError('allocated', 'provided port is already allocated');
  }

  allocateNext(): number {
    const offset = this.bitmap.allocateNext();
    if (offset === undefined) throw rangeFull();
    return this.range.first + offset;
  }

  release(port: number): void {
    if (this.inRange(port)) this.bitmap.release(port - this.range.first);
  }

  has(port: number): boolean {
    return this.inRange(port) && this.bitmap.has(port - this.range.first);
  }

  get used(): number {
    return this.bitmap.used;
  }

  private inRange(port: number): boolean {
    return Number.isInteger(port) && port >= this.range.first && port <= this.range.last;
  }
}
