/**
 * One probe of a container, as kubelet's prober.probe: runs the declared
 * handler (retrying up to three times while it cannot be carried out), then
 * maps the run to the result the worker counts and the event it is worth.
 */
import { expandProbeCommand } from './command-expansion.ts';
import { PortResolutionError, resolveContainerPort } from './container-port.ts';
import { execProbe } from './exec-probe.ts';
import { grpcProbe } from './grpc-probe.ts';
import { httpProbe } from './http-probe.ts';
import type { ProbeRun } from './probe-run.ts';
import type { ProbeSpec } from './probe-spec.ts';
import { tcpProbe } from './tcp-probe.ts';
import { probeKindTitle, type ProbeExec, type ProbeKind } from './types.ts';

/** kubelet's maxProbeRetries: attempts while a probe errors, not while it fails */
const MAX_ATTEMPTS = 3;

export interface ProbeTarget {
  /** the container as the pod spec has it: ports, env */
  container: Record<string, unknown>;
  containerName: string;
  containerId: string;
  podIP: string;
  exec: ProbeExec | undefined;
}

/** What a run means: the result counted towards the thresholds (undefined: thrown away) and its event. */
export interface ProbeConclusion {
  result: 'success' | 'failure' | undefined;
  event: { reason: 'Unhealthy' | 'ProbeWarning'; message: string } | undefined;
}

export async function probeOnce(kind: ProbeKind, spec: ProbeSpec, target: ProbeTarget, timeoutMs: number): Promise<ProbeConclusion> {
  let run: ProbeRun = { result: 'unknown', output: '' };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    run = await runHandler(spec, target, timeoutMs);
    if (run.error === undefined) break;
  }
  return conclude(kind, run);
}

export function conclude(kind: ProbeKind, run: ProbeRun): ProbeConclusion {
  const title = probeKindTitle(kind);
  if (run.error !== undefined) {
    return {
      result: undefined,
      event: { reason: 'Unhealthy', message: `${title} probe errored and resulted in ${run.result} state: ${run.error}` },
    };
  }
  switch (run.result) {
    case 'success':
      return { result: 'success', event: undefined };
    case 'warning':
      return { result: 'success', event: { reason: 'ProbeWarning', message: `${title} probe warning: ${run.output}` } };
    case 'failure':
      return { result: 'failure', event: { reason: 'Unhealthy', message: `${title} probe failed: ${run.output}` } };
    default:
      return { result: 'failure', event: undefined };
  }
}

async function runHandler(spec: ProbeSpec, target: ProbeTarget, timeoutMs: number): Promise<ProbeRun> {
  const handler = spec.handler;
  const networked = handler.type === 'httpGet' || handler.type === 'tcpSocket' || handler.type === 'grpc';
  const host = handler.type === 'httpGet' || handler.type === 'tcpSocket' ? handler.host || target.podIP : target.podIP;
  // an empty host would make the probe dial the node itself
  if (networked && host === '') return { result: 'unknown', output: '', error: 'the pod has no IP address to probe' };
  try {
    switch (handler.type) {
      case 'exec':
        return await execProbe(target.exec, target.containerId, expandProbeCommand(handler.command, target.container), timeoutMs);
      case 'httpGet':
        return await httpProbe({
          scheme: handler.scheme,
          host,
          port: resolveContainerPort(handler.port, target.container),
          path: handler.path,
          headers: handler.headers,
          timeoutMs,
        });
      case 'tcpSocket':
        return await tcpProbe(host, resolveContainerPort(handler.port, target.container), timeoutMs);
      case 'grpc':
        return await grpcProbe(host, handler.port, handler.service, timeoutMs);
      case 'none':
        return { result: 'unknown', output: '', error: `missing probe handler for container ${target.containerName}` };
    }
  } catch (error) {
    if (error instanceof PortResolutionError) return { result: 'unknown', output: '', error: error.message };
    throw error;
  }
}
