/** client-go's token bucket: `qps` tokens a second up to `burst`, full at the start; qps 0 never gives one. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = qps > 0 ? burst : 0;
    this.last = now;
  }

  tryAccept(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** ms until a token is there; Infinity when the bucket never fills */
  msUntilToken(now: number): number {
    if (this.qps <= 0) return Number.POSITIVE_INFINITY;
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.qps) * 1000);
  }

  private refill(now: number): void {
    if (this.qps > 0) this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
  }
}

/** EvictionRateLimiterBurst */
const BURST = 1;

interface Queued {
  node: string;
  processAt: number;
}

/** What the tainter does with a node taken from the queue: done, or try again after `retryAfterMs`. */
export type TaintOutcome = { done: true } | { done: false; retryAfterMs: number };

/**
 * RateLimitedTimedQueue: the nodes of one zone waiting for their NoExecute
 * taint, let through at the zone's eviction rate. A node stays known after
 * it was tainted (so it is not queued twice) until `remove` forgets it.
 */
export class RateLimitedTainter {
  private readonly queue: Queued[] = [];
  private readonly known = new Set<string>();
  private limiter: TokenBucket;

  constructor(qps: number, now: number) {
    this.limiter = new TokenBucket(qps, BURST, now);
  }

  /** false when the node is queued or was tainted already */
  add(node: string, now: number): boolean {
    if (this.known.has(node)) return false;
    this.known.add(node);
    this.queue.push({ node, processAt: now });
    return true;
  }

  /** forgets the node; true if it was known */
  remove(node: string): boolean {
    const index = this.queue.findIndex((q) => q.node === node);
    if (index >= 0) this.queue.splice(index, 1);
    return this.known.delete(node);
  }

  get length(): number {
    return this.queue.length;
  }

  /** SwapLimiter: a new rate; a limiter that was out of tokens leaves the new one out of tokens too */
  setRate(qps: number, now: number): void {
    if (this.limiter.qps === qps) return;
    const wasEmpty = !this.limiter.tryAccept(now);
    this.limiter = new TokenBucket(qps, BURST, now);
    if (wasEmpty) this.limiter.tryAccept(now);
  }

  /**
   * Try: hands due nodes to `work` while the rate allows, oldest first.
   * Returns ms until it is worth trying again, or undefined when nothing waits.
   */
  async process(now: () => number, work: (node: string) => Promise<TaintOutcome>): Promise<number | undefined> {
    this.queue.sort((a, b) => a.processAt - b.processAt);
    for (let head = this.queue[0]; head !== undefined; head = this.queue[0]) {
      const at = now();
      if (head.processAt > at) return head.processAt - at;
      const wait = this.limiter.msUntilToken(at);
      if (wait > 0) return Number.isFinite(wait) ? wait : undefined;
      this.limiter.tryAccept(at);
      this.queue.shift();
      const outcome = await work(head.node);
      // A node removed while its taint was being written stays forgotten.
      if (!outcome.done && this.known.has(head.node)) this.queue.push({ node: head.node, processAt: now() + outcome.retryAfterMs });
      this.queue.sort((a, b) => a.processAt - b.processAt);
    }
    return undefined;
  }
}
