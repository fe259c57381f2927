import type { KubeObject } from '../../api/types/meta.ts';
import { AllocationError } from './service-allocation-error.ts';
import { AllocationTransaction } from './service-allocation-transaction.ts';
import { allocateClusterIPs, updateClusterIPs } from './service-cluster-ips.ts';
import { ServiceIPAllocator } from './service-ip-allocator.ts';
import { allocateNodePorts, updateNodePorts } from './service-node-ports.ts';
import { NodePortAllocator } from './service-port-allocator.ts';
import { parseNodePortRange, parseServiceIPRange } from './service-ranges.ts';
import { heldClusterIPs, heldNodePorts, specOf } from './service-spec-fields.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

/** kubernel.yaml's `services` ranges, as text. */
export interface ServiceRangesConfig {
  clusterIPRange: string;
  nodePortRange: string;
}

export const DEFAULT_SERVICE_RANGES: ServiceRangesConfig = { clusterIPRange: '10.96.0.0/16', nodePortRange: '30000-32767' };

/**
 * The API server's ClusterIP and NodePort allocators (the Allocators of
 * Kubernetes' service REST storage), in memory: filled from the stored
 * Services once at start, then changed by every Service write. Allocation is
 * synchronous, so two writes in this process never get the same value.
 */
export class ServiceAllocations {
  readonly clusterIPs: ServiceIPAllocator;
  readonly nodePorts: NodePortAllocator;

  constructor(ranges: ServiceRangesConfig = DEFAULT_SERVICE_RANGES) {
    this.clusterIPs = new ServiceIPAllocator(parseServiceIPRange(ranges.clusterIPRange));
    this.nodePorts = new NodePortAllocator(parseNodePortRange(ranges.nodePortRange));
  }

  /**
   * Marks what a stored Service holds. Values outside today's ranges (the
   * configuration changed) stay with their Service but are not tracked.
   */
  claim(svc: KubeObject): void {
    const spec = specOf(cloneJson(svc));
    for (const ip of heldClusterIPs(spec)) ignoreRefusal(() => this.clusterIPs.allocate(ip));
    for (const port of heldNodePorts(spec)) ignoreRefusal(() => this.nodePorts.allocate(port));
  }

  /** Fills in `svc`'s ClusterIP and node ports; throws Invalid or InternalError as Kubernetes does, allocating nothing then. */
  allocateCreate(svc: KubeObject): AllocationTransaction {
    const txn = new AllocationTransaction();
    txn.run(() => {
      allocateClusterIPs(svc, this.clusterIPs, txn);
      allocateNodePorts(svc, this.nodePorts, txn);
    });
    return txn;
  }

  /** `svc` replaces the stored `old`: allocates what is new, and releases on commit what is given up. */
  allocateUpdate(svc: KubeObject, old: KubeObject): AllocationTransaction {
    const txn = new AllocationTransaction();
    txn.run(() => {
      updateClusterIPs(svc, old, this.clusterIPs, txn);
      updateNodePorts(svc, old, this.nodePorts, txn);
    });
    return txn;
  }

  /** A deleted Service's ClusterIP and node ports become free. */
  release(svc: KubeObject): void {
    const spec = specOf(cloneJson(svc));
    for (const ip of heldClusterIPs(spec)) this.clusterIPs.release(ip);
    for (const port of heldNodePorts(spec)) this.nodePorts.release(port);
  }
}

function ignoreRefusal(claim: () => void): void {
  try {
    claim();
  } catch (error) {
    if (!(error instanceof AllocationError)) throw error;
  }
}
