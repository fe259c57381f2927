/**
 * Probes one container instance for one kind of probe, as kubelet's worker:
 * ticks every period, skips ticks before `initialDelaySeconds` and (for
 * liveness and readiness) until the startup probe passed, and changes the
 * stored result only after `successThreshold`/`failureThreshold` runs in a
 * row. A liveness or startup failure puts the worker on hold: the container
 * is about to be restarted, and only a new container instance resumes probing.
 */
import type { Logger } from 'pino';
import type { ProbeSpec } from './probe-spec.ts';
import { probeOnce, type ProbeTarget } from './run-probe.ts';
import { probeKindTitle, type ProbeKind, type ProbeOutcome } from './types.ts';

export interface ProbeWorkerOptions {
  kind: ProbeKind;
  spec: ProbeSpec;
  target: ProbeTarget;
  /** when the container started running, in `now()` milliseconds */
  startedAtMs: number;
  /** milliseconds in one of the spec's seconds: 1000, less when a test speeds time up */
  msPerSecond: number;
  /** kubelet's random start-up jitter, or 0 */
  firstDelayMs: number;
  now(): number;
  /** whether the container's startup probe passed (or it has none) */
  isStarted(): boolean;
  onResultChange(outcome: ProbeOutcome, message: string): void;
  onRunEvent(reason: 'Unhealthy' | 'ProbeWarning', message: string): void;
  logger: Logger;
}

/** kubelet's initial values: not ready until proven, alive until proven otherwise, startup undecided */
const INITIAL_RESULT: Record<ProbeKind, ProbeOutcome> = { readiness: 'failure', liveness: 'success', startup: 'unknown' };

export class ProbeWorker {
  private current: ProbeOutcome;
  private lastRun: 'success' | 'failure' | undefined;
  private runLength = 0;
  private onHold = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ProbeWorkerOptions) {
    this.current = INITIAL_RESULT[options.kind];
  }

  get result(): ProbeOutcome {
    return this.current;
  }

  start(): void {
    this.schedule(this.options.firstDelayMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    // the agent's servers keep the process alive; a forgotten probe must not
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const began = this.options.now();
    try {
      await this.probe();
    } catch (error) {
      // kubelet's worker survives a crash of one probe and keeps its schedule
      this.options.logger.error({ err: error, kind: this.options.kind }, 'probe crashed');
    }
    const periodMs = this.options.spec.periodSeconds * this.options.msPerSecond;
    this.schedule(Math.max(0, periodMs - (this.options.now() - began)));
  }

  private async probe(): Promise<void> {
    const { kind, spec, target } = this.options;
    if (this.onHold) return;
    const runningSeconds = Math.trunc((this.options.now() - this.options.startedAtMs) / this.options.msPerSecond);
    if (runningSeconds < spec.initialDelaySeconds) return;
    const started = this.options.isStarted();
    // startup stops once passed; liveness and readiness wait for it
    if (kind === 'startup' ? started : !started) return;

    const conclusion = await probeOnce(kind, spec, target, spec.timeoutSeconds * this.options.msPerSecond);
    // removed while the probe ran: its container is gone, its result means nothing
    if (this.stopped) return;
    if (conclusion.event !== undefined) this.options.onRunEvent(conclusion.event.reason, conclusion.event.message);
    const result = conclusion.result;
    if (result === undefined) return;

    if (result === this.lastRun) {
      this.runLength++;
    } else {
      this.lastRun = result;
      this.runLength = 1;
    }
    const threshold = result === 'failure' ? spec.failureThreshold : spec.successThreshold;
    if (this.runLength < threshold) return;

    if (result !== this.current) {
      this.current = result;
      const message = result === 'success' ? '' : (conclusion.event?.message ?? `${probeKindTitle(kind)} probe failed`);
      this.options.onResultChange(result, message);
    }
    if (result === 'failure' && (kind === 'liveness' || kind === 'startup')) {
      // the container will be restarted; probing a dying one only adds noise
      this.onHold = true;
      this.runLength = 0;
    }
  }
}
