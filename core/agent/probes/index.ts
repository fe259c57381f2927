/** The node agent's prober: liveness, readiness and startup probes of running containers. */
export { ProbeManager, type ProbeManagerOptions } from './probe-manager.ts';
export { probeSpecOf, type ProbeHandler, type ProbeSpec } from './probe-spec.ts';
export { probeKindTitle } from './types.ts';
export type { ProbeExec, ProbeKind, ProbeOutcome, ProbeResultEvent, ProbeRunEvent } from './types.ts';
