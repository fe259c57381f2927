import type { Logger } from 'pino';
import { isApiError, isRecord, Resources, type ApiClient, type KubeObject, type ResourceRef, type ServiceCatalog, type ServiceInfo } from '../../core/index.ts';
import {
  KUBE_DNS_NAME,
  KUBE_DNS_NAMESPACE,
  kubeDnsEndpoints,
  kubeDnsEndpointSlices,
  kubeDnsService,
  serviceOwnerReference,
} from './kube-dns-objects.ts';

export interface KubeDnsTarget {
  /** the network's dnsServiceIP */
  clusterIP: string;
  /** where this server answers, as endpoint addresses (loopback and wildcards cannot be endpoints) */
  endpointIPs: readonly string[];
  port: number;
}

/** A failed ensure is tried again this much later (API server restarting, admission not ready yet). */
const RETRY_MS = 5000;
const FIELD_MANAGER = 'discovery-dns';

function hasSelector(service: KubeObject): boolean {
  const spec = service['spec'];
  const selector = isRecord(spec) ? spec['selector'] : undefined;
  return isRecord(selector) && Object.keys(selector).length > 0;
}

function sameIPs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

/**
 * Keeps `kube-dns` in kube-system as this server needs it: creates the
 * Service when missing (again after a delete), and keeps its Endpoints and
 * EndpointSlices pointing at this server. A `kube-dns` Service with a
 * selector belongs to someone else (a real CoreDNS Deployment): it is left
 * alone. The objects stay when the server stops, as a Service outlives its
 * pods.
 */
export class KubeDnsKeeper {
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private foreign = false;

  constructor(
    private readonly client: ApiClient,
    private readonly catalog: ServiceCatalog,
    private readonly target: KubeDnsTarget,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.unsubscribe = this.catalog.onChange((key, service) => {
      if (key === `${KUBE_DNS_NAMESPACE}/${KUBE_DNS_NAME}` && this.drifted(service)) this.schedule();
    });
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.retryTimer);
  }

  /** resolves when no ensure is running or queued (tests) */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private drifted(service: ServiceInfo | undefined): boolean {
    if (service === undefined) {
      this.foreign = false;
      return true;
    }
    if (this.foreign) return false;
    const ready = service.endpoints.filter((e) => e.ready).map((e) => e.ip);
    return this.target.endpointIPs.length > 0 && !sameIPs(ready, this.target.endpointIPs);
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.ensure()
      .catch((error: unknown) => {
        if (this.stopped) return;
        this.logger.warn({ err: error }, `cannot keep Service ${KUBE_DNS_NAMESPACE}/${KUBE_DNS_NAME}; retrying in ${RETRY_MS / 1000}s`);
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.schedule(), RETRY_MS);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  private async ensure(): Promise<void> {
    const service = await this.ensureService();
    if (service === undefined || this.stopped) return;
    if (this.target.endpointIPs.length === 0) return;
    const { endpointIPs, port } = this.target;
    await this.ensureObject(Resources.endpoints, kubeDnsEndpoints(endpointIPs, port), ['subsets']);
    for (const slice of kubeDnsEndpointSlices(endpointIPs, port, serviceOwnerReference(service))) {
      await this.ensureObject(Resources.endpointSlices, slice, ['addressType', 'endpoints', 'ports']);
    }
  }

  /** the Service to hang endpoints on; undefined when it is someone else's */
  private async ensureService(): Promise<KubeObject | undefined> {
    const existing = await this.getOrUndefined(Resources.services, KUBE_DNS_NAME);
    if (existing === undefined) {
      const created = await this.client.create(Resources.services, kubeDnsService(this.target.clusterIP, this.target.port), { fieldManager: FIELD_MANAGER });
      this.logger.info({ clusterIP: this.target.clusterIP }, `created Service ${KUBE_DNS_NAMESPACE}/${KUBE_DNS_NAME}`);
      return created;
    }
    if (hasSelector(existing)) {
      if (!this.foreign) this.logger.warn(`Service ${KUBE_DNS_NAMESPACE}/${KUBE_DNS_NAME} has a selector: another DNS serves it; leaving it and its endpoints alone`);
      this.foreign = true;
      return undefined;
    }
    const spec = existing['spec'];
    const clusterIP = isRecord(spec) ? spec['clusterIP'] : undefined;
    if (clusterIP !== this.target.clusterIP) {
      this.logger.warn(
        { clusterIP, dnsServiceIP: this.target.clusterIP },
        `Service ${KUBE_DNS_NAMESPACE}/${KUBE_DNS_NAME} has another ClusterIP than the network's dnsServiceIP; pods get its ClusterIP as their nameserver`,
      );
    }
    return existing;
  }

  /** creates `desired`, or updates the `fields` (and labels, owners) of the object there when they differ */
  private async ensureObject(resource: ResourceRef, desired: KubeObject, fields: readonly string[]): Promise<void> {
    const name = desired.metadata.name ?? '';
    const existing = await this.getOrUndefined(resource, name);
    if (existing === undefined) {
      await this.client.create(resource, desired, { fieldManager: FIELD_MANAGER });
      return;
    }
    const labels = { ...existing.metadata.labels, ...desired.metadata.labels };
    const owners = desired.metadata.ownerReferences ?? existing.metadata.ownerReferences;
    const same =
      fields.every((field) => JSON.stringify(existing[field]) === JSON.stringify(desired[field])) &&
      JSON.stringify(labels) === JSON.stringify(existing.metadata.labels) &&
      JSON.stringify(owners) === JSON.stringify(existing.metadata.ownerReferences);
    if (same) return;
    const update: KubeObject = { ...existing, metadata: { ...existing.metadata, labels, ...(owners === undefined ? {} : { ownerReferences: owners }) } };
    for (const field of fields) update[field] = desired[field];
    await this.client.update(resource, update, { fieldManager: FIELD_MANAGER });
  }

  private async getOrUndefined(resource: ResourceRef, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.client.get(resource, KUBE_DNS_NAMESPACE, name);
    } catch (error) {
      if (isApiError(error, 'NotFound')) return undefined;
      throw error;
    }
  }
}
