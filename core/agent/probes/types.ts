/**
 * The public vocabulary of the prober: what kinds of probes exist, what a
 * probe can conclude, and what the manager reports to the agent.
 */

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** A container's result for one kind of probe, as kubelet's results manager keeps it. */
export type ProbeOutcome = 'success' | 'failure' | 'unknown';

/**
 * Runs a command in a running container (the runtime's `exec`). Resolves
 * with the exit code and the combined stdout/stderr; rejects when the command
 * could not be run at all. A rejection named `TimeoutError` counts as the
 * command timing out.
 */
export type ProbeExec = (
  containerId: string,
  command: string[],
  timeoutMs: number,
) => Promise<{ exitCode: number; output: string }>;

/** A container's stored result changed (after the thresholds): what readiness and restarts act on. */
export interface ProbeResultEvent {
  podUid: string;
  containerName: string;
  containerId: string;
  kind: ProbeKind;
  outcome: ProbeOutcome;
  /** kubelet's event text for a failure (`Liveness probe failed: ...`); empty for a success */
  message: string;
}

/**
 * One probe run worth an event, as kubelet's prober records them: every
 * failed run (`Unhealthy`, also below the failure threshold), every run that
 * succeeded with a warning (`ProbeWarning`), every run that could not be
 * carried out (`Unhealthy`, "... errored and resulted in unknown state").
 */
export interface ProbeRunEvent {
  podUid: string;
  containerName: string;
  containerId: string;
  kind: ProbeKind;
  reason: 'Unhealthy' | 'ProbeWarning';
  message: string;
}

/** `Liveness`, `Readiness`, `Startup`: how kubelet's messages name a probe kind. */
export function probeKindTitle(kind: ProbeKind): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}
