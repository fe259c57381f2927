/**
 * The restart back-off of crashing containers (kubelet's flowcontrol.Backoff
 * keyed by pod and container): the first restart waits `initialMs`, each
 * next one twice as long up to `maxMs`. A container that ran without
 * restarting for twice the maximum starts afresh, as kubelet's garbage
 * collection of back-off entries does.
 */
export interface CrashBackoffSettings {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_CRASH_BACKOFF: CrashBackoffSettings = { initialMs: 10_000, maxMs: 300_000 };

interface Entry {
  delayMs: number;
  /** when the back-off was last extended */
  updatedAt: number;
}

export class CrashBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly settings: CrashBackoffSettings = DEFAULT_CRASH_BACKOFF) {}

  static keyOf(podUid: string, containerName: string): string {
    return `${podUid}/${containerName}`;
  }

  /**
   * How long a restart of a container that finished at `finishedAt` must
   * still wait; 0 when it may restart now.
   */
  remainingMs(key: string, finishedAt: number, now: number): number {
    const entry = this.live(key, now);
    if (entry === undefined) return 0;
    return Math.max(0, finishedAt + entry.delayMs - now);
  }

  /** the current delay (for messages: "back-off 20s restarting failed container") */
  delayMs(key: string, now: number): number {
    return this.live(key, now)?.delayMs ?? 0;
  }

  /** a restart happened: the next one waits longer */
  recordRestart(key: string, now: number): void {
    const entry = this.live(key, now);
    const delayMs = entry === undefined ? this.settings.initialMs : Math.min(entry.delayMs * 2, this.settings.maxMs);
    this.entries.set(key, { delayMs, updatedAt: now });
  }

  /** the wait left counted from the last recordRestart: for failures that leave no exited container (image pulls) */
  remainingSinceLastMs(key: string, now: number): number {
    const entry = this.live(key, now);
    return entry === undefined ? 0 : Math.max(0, entry.updatedAt + entry.delayMs - now);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  forgetPod(podUid: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${podUid}/`)) this.entries.delete(key);
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (now - entry.updatedAt > 2 * this.settings.maxMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
