import { internalError, invalid } from '../../api/errors.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { invalidValue } from '../../api/validation/field-errors.ts';
import { AllocationError } from './service-allocation-error.ts';
import type { AllocationTransaction } from './service-allocation-transaction.ts';
import type { ServiceIPAllocator } from './service-ip-allocator.ts';
import { clusterIPsOf, heldClusterIPs, isHeadless, needsClusterIP, specOf, type ServiceSpecRecord } from './service-spec-fields.ts';

/** ClusterIP allocation of a Service write (allocClusterIPs / updateClusterIPs in Kubernetes' alloc.go). */

/** A new Service: the ClusterIP it asks for, or the next free one; none for ExternalName and headless Services. */
export function allocateClusterIPs(svc: KubeObject, ips: ServiceIPAllocator, txn: AllocationTransaction): void {
  const spec = specOf(svc);
  if (!needsClusterIP(spec) || isHeadless(spec)) return;
  const requested = clusterIPsOf(spec)[0] ?? '';
  let ip: string;
  if (requested === '') {
    try {
      ip = ips.allocateNext();
    } catch (error) {
      throw internalError(`failed to allocate a serviceIP: ${messageOf(error)}`);
    }
  } else {
    try {
      ips.allocate(requested);
    } catch (error) {
      if (!(error instanceof AllocationError)) throw error;
      const detail = `failed to allocate IP ${requested}: ${error.message}`;
      throw invalid('Service', '', svc.metadata.name ?? '', [invalidValue('spec.clusterIPs', spec['clusterIPs'] ?? [requested], detail)]);
    }
    ip = requested;
  }
  txn.allocated(() => ips.release(ip));
  setSingleStackIP(spec, ip);
}

/**
 * An update: a Service turning from ExternalName into one that needs an
 * address gets one; one turning into ExternalName gives its address up.
 * The address itself is immutable (validation refuses a change).
 */
export function updateClusterIPs(svc: KubeObject, old: KubeObject, ips: ServiceIPAllocator, txn: AllocationTransaction): void {
  const spec = specOf(svc);
  const before = specOf(old);
  if (!needsClusterIP(before) && needsClusterIP(spec)) {
    allocateClusterIPs(svc, ips, txn);
    return;
  }
  if (needsClusterIP(before) && !needsClusterIP(spec)) {
    for (const ip of heldClusterIPs(before)) txn.releaseOnCommit(() => ips.release(ip));
  }
}

function setSingleStackIP(spec: ServiceSpecRecord, ip: string): void {
  spec['clusterIP'] = ip;
  spec['clusterIPs'] = [ip];
  const families = spec['ipFamilies'];
  if (!Array.isArray(families) || families.length === 0) spec['ipFamilies'] = ['IPv4'];
  if (typeof spec['ipFamilyPolicy'] !== 'string' || spec['ipFamilyPolicy'] === '') spec['ipFamilyPolicy'] = 'SingleStack';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
