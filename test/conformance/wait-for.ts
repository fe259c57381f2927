import type { BackendEvent, BackendWatchHandlers } from '../../core/contracts/store-backend.ts';

/**
 * Polls until `condition` holds. In-process backends deliver synchronously,
 * a networked one (etcd) a moment later; the suites must pass for both.
 */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Watch handlers that record what they receive. */
export class BackendEventRecorder implements BackendWatchHandlers {
  readonly events: BackendEvent[] = [];
  readonly errors: Error[] = [];

  onEvents(events: BackendEvent[]): void {
    this.events.push(...events);
  }

  onError(error: Error): void {
    this.errors.push(error);
  }

  async waitForEvents(count: number): Promise<BackendEvent[]> {
    await waitFor(() => this.events.length >= count, `${count} watch events (have ${this.events.length})`);
    return this.events;
  }

  /** a compact, comparable rendering of the received events */
  summary(): string[] {
    return this.events.map((e) => `${e.revision} ${e.type} ${e.kv.key}=${e.kv.value} prev=${e.prev?.value ?? '-'}`);
  }
}
