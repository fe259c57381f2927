import { RateLimitedTainter, type TaintOutcome } from './rate-limited-tainter.ts';

/** One rate-limited NoExecute tainter per zone (zoneNoExecuteTainter), created as zones appear. */
export class ZoneTainters {
  private readonly zones = new Map<string, RateLimitedTainter>();

  constructor(
    private readonly nodeEvictionRate: number,
    private readonly now: () => number,
  ) {}

  /** addPodEvictorForNewZone */
  forZone(zone: string): RateLimitedTainter {
    let tainter = this.zones.get(zone);
    if (tainter === undefined) {
      tainter = new RateLimitedTainter(this.nodeEvictionRate, this.now());
      this.zones.set(zone, tainter);
    }
    return tainter;
  }

  setRates(rates: ReadonlyMap<string, number>): void {
    for (const [zone, qps] of rates) this.forZone(zone).setRate(qps, this.now());
  }

  /** master disruption mode: no zone taints any node */
  stopAll(): void {
    for (const tainter of this.zones.values()) tainter.setRate(0, this.now());
  }

  /** forgets the node in every zone (its zone label may have changed since it was queued); true if one knew it */
  remove(node: string): boolean {
    let removed = false;
    for (const tainter of this.zones.values()) removed = tainter.remove(node) || removed;
    return removed;
  }

  /** runs every zone's due nodes; ms until the next is due, or undefined when none waits for anything but a rate change */
  async process(work: (node: string) => Promise<TaintOutcome>): Promise<number | undefined> {
    let next: number | undefined;
    for (const tainter of this.zones.values()) {
      const wait = await tainter.process(this.now, work);
      if (wait !== undefined) next = Math.min(next ?? wait, wait);
    }
    return next;
  }
}
