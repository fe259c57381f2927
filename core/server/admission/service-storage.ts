import type { ResourceType } from '../../api/resource-type.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { hasPendingFinalizers, type DeleteResult, type ObjectStore, type UpdateFunction } from '../../store/object-store.ts';
import type { AllocationTransaction } from './service-allocation-transaction.ts';
import type { ServiceAllocations } from './service-allocations.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

type CreateArgs = Parameters<ObjectStore['create']>;
type UpdateArgs = Parameters<ObjectStore['guaranteedUpdate']>;
type DeleteArgs = Parameters<ObjectStore['delete']>;

function isService(type: ResourceType): boolean {
  return type.group === '' && type.kind === 'Service';
}

/**
 * Kubernetes' service REST storage: every write of a Service allocates and
 * releases ClusterIPs and node ports around the store write. It sits at the
 * storage layer, below admission, so that every way a Service is written
 * (create, update, the four patch types, apply, delete, and the update that
 * removes its last finalizer) passes through it.
 */
export class ServiceStorage {
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly store: ObjectStore,
    readonly allocations: ServiceAllocations,
  ) {}

  /** The allocators start from the stored Services, listed once; a failed list is tried again by the next write. */
  ready(type: ResourceType): Promise<void> {
    this.loaded ??= this.rebuild(type).catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  async create(...[type, input, options = {}]: CreateArgs): Promise<KubeObject> {
    if (!isService(type)) return this.store.create(type, input, options);
    await this.ready(type);
    const obj = cloneJson(input);
    // Synchronous from here to the store call: no other write can take the same values meanwhile.
    const txn = this.allocations.allocateCreate(obj);
    let created: KubeObject;
    try {
      created = await this.store.create(type, obj, options);
    } catch (error) {
      txn.revert();
      throw error;
    }
    finish(txn, options.dryRun === true);
    return created;
  }

  async guaranteedUpdate(...[type, namespace, name, tryUpdate, options = {}]: UpdateArgs): Promise<KubeObject> {
    if (!isService(type)) return this.store.guaranteedUpdate(type, namespace, name, tryUpdate, options);
    await this.ready(type);
    let txn: AllocationTransaction | undefined;
    let before: KubeObject | undefined;
    const allocating: UpdateFunction = async (current, stored) => {
      // An earlier attempt lost the compare-and-swap race: what it allocated goes back.
      txn?.revert();
      txn = undefined;
      before = stored;
      const desired = await tryUpdate(current, stored);
      txn = this.allocations.allocateUpdate(desired, before);
      return desired;
    };
    let result: KubeObject;
    try {
      result = await this.store.guaranteedUpdate(type, namespace, name, allocating, options);
    } catch (error) {
      txn?.revert();
      throw error;
    }
    if (txn !== undefined) finish(txn, options.dryRun === true);
    // Removing the last finalizer of a Service being deleted deletes it (the store's ShouldDeleteDuringUpdate).
    if (options.dryRun !== true && before !== undefined && deletedByUpdate(type, before, result)) this.allocations.release(result);
    return result;
  }

  async delete(...[type, namespace, name, options = {}]: DeleteArgs): Promise<DeleteResult> {
    if (!isService(type)) return this.store.delete(type, namespace, name, options);
    await this.ready(type);
    const result = await this.store.delete(type, namespace, name, options);
    if (result.deleted && options.dryRun !== true) this.allocations.release(result.object);
    return result;
  }

  private async rebuild(type: ResourceType): Promise<void> {
    const stored = await this.store.list(type, undefined);
    for (const svc of stored.items) this.allocations.claim(svc);
  }
}

/** A dry run allocated only to answer with the values; they are never kept. */
function finish(txn: AllocationTransaction, dryRun: boolean): void {
  if (dryRun) txn.revert();
  else txn.commit();
}

function deletedByUpdate(type: ResourceType, before: KubeObject, after: KubeObject): boolean {
  return before.metadata.deletionTimestamp !== undefined && !before.metadata.deletionGracePeriodSeconds && !hasPendingFinalizers(type, after);
}

/**
 * `store` with Service writes going through `ServiceStorage`. A proxy rather
 * than a subclass: the store is shared (the watch cache holds the same
 * instance), and every other method must keep working on it unchanged;
 * methods that call each other (update → guaranteedUpdate) see the proxy as
 * `this`, so they are allocated too.
 */
export function withServiceAllocation(store: ObjectStore, allocations: ServiceAllocations): ObjectStore {
  const storage = new ServiceStorage(store, allocations);
  const overrides = {
    create: (...args: CreateArgs) => storage.create(...args),
    guaranteedUpdate: (...args: UpdateArgs) => storage.guaranteedUpdate(...args),
    delete: (...args: DeleteArgs) => storage.delete(...args),
  } satisfies Pick<ObjectStore, 'create' | 'guaranteedUpdate' | 'delete'>;
  return new Proxy(store, {
    get(target, property, receiver): unknown {
      if (property === 'create' || property === 'guaranteedUpdate' || property === 'delete') return overrides[property];
      return Reflect.get(target, property, receiver);
    },
  });
}
