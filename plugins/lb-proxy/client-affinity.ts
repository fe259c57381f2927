/**
 * sessionAffinity: ClientIP. Remembers, per client IP, the endpoint its last
 * connection went to; a new connection within the timeout of the last one
 * goes there again if that endpoint is still routable (as kube-proxy's
 * `recent` match does: each connection renews the timer).
 */
export class ClientAffinity {
  private readonly byClient = new Map<string, { endpoint: string; lastUsedMs: number }>();
  private recordsSinceSweep = 0;

  constructor(private readonly now: () => number) {}

  /** the endpoint key this client sticks to, if its timer has not run out */
  lookup(clientIP: string, timeoutSeconds: number): string | undefined {
    const entry = this.byClient.get(clientIP);
    if (entry === undefined) return undefined;
    if (this.now() - entry.lastUsedMs > timeoutSeconds * 1000) {
      this.byClient.delete(clientIP);
      return undefined;
    }
    return entry.endpoint;
  }

  record(clientIP: string, endpoint: string, timeoutSeconds: number): void {
    this.byClient.set(clientIP, { endpoint, lastUsedMs: this.now() });
    // expired clients are dropped now and then, so that many one-off clients do not pile up
    if (++this.recordsSinceSweep >= 1024) {
      this.recordsSinceSweep = 0;
      this.sweep(timeoutSeconds);
    }
  }

  clear(): void {
    this.byClient.clear();
  }

  get size(): number {
    return this.byClient.size;
  }

  private sweep(timeoutSeconds: number): void {
    const oldest = this.now() - timeoutSeconds * 1000;
    for (const [client, entry] of this.byClient) if (entry.lastUsedMs < oldest) this.byClient.delete(client);
  }
}
