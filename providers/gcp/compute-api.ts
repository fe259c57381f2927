import { InstancesClient, MachineTypesClient, ZoneOperationsClient, type protos } from '@google-cloud/compute';
import { isRecord, type Clock } from '../../core/index.ts';
import { realSleep, withThrottleRetry, type Sleep, type ThrottleRetryPolicy } from './retry.ts';

/**
 * The few Compute Engine calls the provider makes, over the client
 * library's REST transport (HTTP/1.1 + JSON to
 * https://compute.googleapis.com/compute/v1/...), each retried while the API
 * rate-limits it. Errors other than throttling come out as the library
 * throws them; the provider maps them to the typed errors.
 */

type Instance = protos.google.cloud.compute.v1.IInstance;
type Operation = protos.google.cloud.compute.v1.IOperation;
type MachineType = protos.google.cloud.compute.v1.IMachineType;

/** Compute Engine's OAuth scope; read-write access to instances, operations and machine types. */
export const COMPUTE_SCOPE = 'https://www.googleapis.com/auth/compute';

export interface ComputeApiSettings {
  project: string;
  /** a service-account key file; absent: Application Default Credentials */
  keyFile?: string | undefined;
  retry: ThrottleRetryPolicy;
  clock: Clock;
  sleep?: Sleep;
}

/** An instance with the zone an aggregated list found it in. */
export interface ZonedInstance {
  zone: string;
  instance: Instance;
}

export class ComputeApi {
  private readonly instances: InstancesClient;
  private readonly machineTypes: MachineTypesClient;
  private readonly operations: ZoneOperationsClient;
  private readonly project: string;
  private readonly sleep: Sleep;

  constructor(private readonly settings: ComputeApiSettings) {
    this.project = settings.project;
    this.sleep = settings.sleep ?? realSleep;
    // `fallback: true` is the REST transport (v6's default for Compute, said explicitly): gRPC is not served for Compute.
    // Explicit scopes make a service-account key exchange a signed JWT for an OAuth token rather than self-sign one.
    this.instances = new InstancesClient({
      fallback: true,
      projectId: settings.project,
      scopes: [COMPUTE_SCOPE],
      ...(settings.keyFile === undefined ? {} : { keyFilename: settings.keyFile }),
    });
    // One credential (and one cached token) for the three clients.
    this.machineTypes = new MachineTypesClient({ fallback: true, projectId: settings.project, auth: this.instances.auth });
    this.operations = new ZoneOperationsClient({ fallback: true, projectId: settings.project, auth: this.instances.auth });
  }

  private retrying<T>(what: string, call: () => Promise<T>): Promise<T> {
    return withThrottleRetry(what, call, this.settings.retry, this.sleep);
  }

  /** instances.insert: the zone operation that creates it (status RUNNING, usually). */
  async insertInstance(zone: string, instance: Instance): Promise<Operation> {
    return this.retrying(`insert ${instance.name ?? ''}`, async () => {
      const [lro] = await this.instances.insert({ project: this.project, zone, instanceResource: instance });
      return operationOf(lro.latestResponse);
    });
  }

  async deleteInstance(zone: string, name: string): Promise<Operation> {
    return this.retrying(`delete ${name}`, async () => {
      const [lro] = await this.instances.delete({ project: this.project, zone, instance: name });
      return operationOf(lro.latestResponse);
    });
  }

  /**
   * zoneOperations.wait until the operation is DONE (with or without
   * errors). Each wait returns when the operation is done or after about two
   * minutes, so it is repeated until the deadline.
   */
  async waitForOperation(zone: string, operation: Operation, timeoutMs: number): Promise<Operation> {
    const deadline = this.settings.clock.now().getTime() + timeoutMs;
    let current = operation;
    const name = operation.name ?? '';
    while (current.status !== 'DONE') {
      if (this.settings.clock.now().getTime() >= deadline) throw new Error(`zone operation ${name} in ${zone} not done after ${timeoutMs} ms`);
      current = await this.retrying(`wait for ${name}`, async () => {
        const [done] = await this.operations.wait({ project: this.project, zone, operation: name });
        return done;
      });
    }
    return current;
  }

  /** Every instance of the project matching the filter, in any zone (instances.aggregatedList). */
  async listInstances(filter: string): Promise<ZonedInstance[]> {
    return this.retrying('list instances', async () => {
      const out: ZonedInstance[] = [];
      const pages = this.instances.aggregatedListAsync({ project: this.project, filter, returnPartialSuccess: true }, { autoPaginate: false });
      for await (const [scope, scoped] of pages) {
        // scopes are `zones/us-central1-a`; a zone without matches carries only a NO_RESULTS_ON_PAGE warning
        const zone = scope.startsWith('zones/') ? scope.slice('zones/'.length) : scope;
        for (const instance of scoped.instances ?? []) out.push({ zone, instance });
      }
      return out;
    });
  }

  async listMachineTypes(zone: string): Promise<MachineType[]> {
    return this.retrying(`list machine types in ${zone}`, async () => {
      const out: MachineType[] = [];
      for await (const type of this.machineTypes.listAsync({ project: this.project, zone }, { autoPaginate: false })) out.push(type);
      return out;
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.instances.close(), this.machineTypes.close(), this.operations.close()]);
  }
}

/**
 * The zone operation an insert or delete answered with. The library wraps it
 * as a long-running operation whose `latestResponse` is typed as
 * google.longrunning's, but holds Compute's Operation resource; the fields
 * the provider reads are taken over checked.
 */
export function operationOf(value: unknown): Operation {
  if (!isRecord(value) || typeof value['name'] !== 'string') throw new Error('Compute Engine answered without a zone operation');
  const operation: Operation = { name: value['name'] };
  const status = value['status'];
  if (status === 'PENDING' || status === 'RUNNING' || status === 'DONE') operation.status = status;
  if (typeof value['zone'] === 'string') operation.zone = value['zone'];
  const error = value['error'];
  if (isRecord(error) && Array.isArray(error['errors'])) {
    operation.error = {
      errors: error['errors'].filter(isRecord).map((e) => ({
        ...(typeof e['code'] === 'string' ? { code: e['code'] } : {}),
        ...(typeof e['message'] === 'string' ? { message: e['message'] } : {}),
      })),
    };
  }
  return operation;
}
