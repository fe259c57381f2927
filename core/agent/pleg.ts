/**
 * The pod lifecycle event generator (kubelet's generic PLEG): relists the
 * runtime every period and wakes the worker of each pod whose containers or
 * sandboxes changed state, so a container that dies, whoever killed it, is
 * noticed within a period.
 */
import type { Logger } from 'pino';
import type { ContainerRuntime } from '../contracts/runtime.ts';

export class Pleg {
  private last = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private relisting = false;

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly onChange: (podKey: string) => void,
    private readonly logger: Logger,
    private readonly periodMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.relist(), this.periodMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Relists now; resolves with the keys of every pod the runtime holds. */
  async relist(): Promise<Set<string>> {
    const keys = new Set<string>();
    if (this.relisting) return keys;
    this.relisting = true;
    try {
      const [sandboxes, containers] = await Promise.all([this.runtime.listPodSandboxes(), this.runtime.listContainers()]);
      const fingerprints = new Map<string, string[]>();
      const add = (key: string, part: string): void => {
        const parts = fingerprints.get(key) ?? [];
        parts.push(part);
        fingerprints.set(key, parts);
      };
      for (const s of sandboxes) add(`${s.namespace}/${s.name}`, `s:${s.id}:${s.state}`);
      for (const c of containers) add(`${c.namespace}/${c.podName}`, `c:${c.id}:${c.state}`);
      const next = new Map<string, string>();
      for (const [key, parts] of fingerprints) {
        keys.add(key);
        const fingerprint = parts.sort().join(',');
        next.set(key, fingerprint);
        if (this.last.get(key) !== fingerprint) this.onChange(key);
      }
      for (const key of this.last.keys()) if (!next.has(key)) this.onChange(key);
      this.last = next;
    } catch (error) {
      this.logger.warn({ err: error }, 'runtime relist failed; will retry');
    } finally {
      this.relisting = false;
    }
    return keys;
  }
}
