import { internalError, invalid } from '../../api/errors.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { invalidValue } from '../../api/validation/field-errors.ts';
import { AllocationError } from './service-allocation-error.ts';
import type { AllocationTransaction } from './service-allocation-transaction.ts';
import type { NodePortAllocator } from './service-port-allocator.ts';
import {
  needsHealthCheck,
  needsNodePorts,
  nodePortsOf,
  numberField,
  portsOf,
  shouldAllocateNodePorts,
  specOf,
  typeOf,
  type ServiceSpecRecord,
} from './service-spec-fields.ts';

/** NodePort allocation of a Service write (initNodePorts / updateNodePorts and the health-check port in alloc.go). */

/**
 * A new NodePort or LoadBalancer Service: each port gets the node port it asks
 * for or the next free one. Ports with the same number (TCP and UDP of one
 * port) share one node port, as in Kubernetes.
 */
export function allocateNodePorts(svc: KubeObject, allocator: NodePortAllocator, txn: AllocationTransaction): void {
  const spec = specOf(svc);
  if (needsNodePorts(spec)) {
    const ports = portsOf(spec);
    const byServicePort = new Map<number, number>();
    ports.forEach((port, i) => {
      const nodePort = numberField(port, 'nodePort');
      if (nodePort === 0 && !shouldAllocateNodePorts(spec)) return;
      const servicePort = numberField(port, 'port');
      const shared = byServicePort.get(servicePort) ?? 0;
      if (shared === 0) {
        // A later port of the same number may name the node port they share.
        const requested = ports.map((p) => (numberField(p, 'port') === servicePort ? numberField(p, 'nodePort') : 0)).find((p) => p !== 0) ?? 0;
        const chosen = requested !== 0 ? take(svc, allocator, txn, requested, i) : next(allocator, txn, 'a nodePort');
        port['nodePort'] = chosen;
        byServicePort.set(servicePort, chosen);
      } else if (nodePort !== shared) {
        if (nodePort === 0) port['nodePort'] = shared;
        else take(svc, allocator, txn, nodePort, i);
      }
    });
  }
  if (needsHealthCheck(spec)) allocateHealthCheckNodePort(spec, allocator, txn);
}

/**
 * An update: new node ports are allocated, node ports the Service no longer
 * has are released once it is written, and a Service that stops being a
 * NodePort or LoadBalancer gives all of them up.
 */
export function updateNodePorts(svc: KubeObject, old: KubeObject, allocator: NodePortAllocator, txn: AllocationTransaction): void {
  const spec = specOf(svc);
  const before = specOf(old);
  const type = typeOf(spec);
  if (needsNodePorts(before) && (type === 'ClusterIP' || type === 'ExternalName')) {
    for (const port of nodePortsOf(before)) txn.releaseOnCommit(() => allocator.release(port));
  }
  if (needsNodePorts(spec)) {
    const held = new Set(nodePortsOf(before));
    const takenNow = new Set<number>();
    portsOf(spec).forEach((port, i) => {
      const nodePort = numberField(port, 'nodePort');
      if (nodePort === 0 && !shouldAllocateNodePorts(spec)) return;
      if (nodePort === 0) port['nodePort'] = next(allocator, txn, 'a nodePort');
      else if (!held.has(nodePort) && !takenNow.has(nodePort)) {
        take(svc, allocator, txn, nodePort, i);
        takenNow.add(nodePort);
      }
    });
    const kept = new Set(nodePortsOf(spec));
    for (const port of held) if (!kept.has(port)) txn.releaseOnCommit(() => allocator.release(port));
  }
  const healthCheckBefore = numberField(before, 'healthCheckNodePort');
  if (!needsHealthCheck(before) && needsHealthCheck(spec)) allocateHealthCheckNodePort(spec, allocator, txn);
  else if (needsHealthCheck(before) && !needsHealthCheck(spec) && healthCheckBefore !== 0) {
    txn.releaseOnCommit(() => allocator.release(healthCheckBefore));
  }
}

/** A LoadBalancer with externalTrafficPolicy Local: the port kube-proxy answers health checks on. */
function allocateHealthCheckNodePort(spec: ServiceSpecRecord, allocator: NodePortAllocator, txn: AllocationTransaction): void {
  const requested = numberField(spec, 'healthCheckNodePort');
  if (requested === 0) {
    // Kubernetes prints the (still zero) requested port in this message.
    spec['healthCheckNodePort'] = next(allocator, txn, 'a HealthCheck NodePort 0');
    return;
  }
  try {
    allocator.allocate(requested);
  } catch (error) {
    if (!(error instanceof AllocationError)) throw error;
    throw internalError(`failed to allocate requested HealthCheck NodePort ${requested}: ${error.message}`);
  }
  txn.allocated(() => allocator.release(requested));
}

/** A node port the Service asks for; refused as Invalid at the port's path. */
function take(svc: KubeObject, allocator: NodePortAllocator, txn: AllocationTransaction, port: number, index: number): number {
  try {
    allocator.allocate(port);
  } catch (error) {
    if (!(error instanceof AllocationError)) throw error;
    throw invalid('Service', '', svc.metadata.name ?? '', [invalidValue(`spec.ports[${index}].nodePort`, port, error.message)]);
  }
  txn.allocated(() => allocator.release(port));
  return port;
}

/** The next free node port; a full range is an internal error, as Kubernetes answers it. */
function next(allocator: NodePortAllocator, txn: AllocationTransaction, what: string): number {
  let port: number;
  try {
    port = allocator.allocateNext();
  } catch (error) {
    if (!(error instanceof AllocationError)) throw error;
    throw internalError(`failed to allocate ${what}: ${error.message}`);
  }
  txn.allocated(() => allocator.release(port));
  return port;
}
