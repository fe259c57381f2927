import type { Logger } from 'pino';
import type { ApiClient } from '../../client/api-client.ts';
import type { ResourceRef } from '../../client/resources.ts';
import { Indexes } from './indexed-cache.ts';
import { SharedInformer } from './shared-informer.ts';

/** the index of objects without a controller reference, by namespace (see claimCandidates) */
export const UNCONTROLLED_INDEX = 'uncontrolled';

/** One informer per resource for every controller of a process, so each kind is listed and watched once. */
export class InformerFactory {
  private readonly informers = new Map<string, SharedInformer>();
  private started = false;

  constructor(
    private readonly client: ApiClient,
    private readonly logger: Logger,
  ) {}

  /** the shared informer of `resource`, with the namespace, owner and uncontrolled indexes controllers use */
  forResource(resource: ResourceRef): SharedInformer {
    const key = `${resource.group}/${resource.version}/${resource.plural}`;
    let informer = this.informers.get(key);
    if (informer === undefined) {
      informer = new SharedInformer(this.client, resource, this.logger.child({ informer: resource.plural }));
      informer.addIndex('namespace', Indexes.namespace);
      informer.addIndex('owner', Indexes.ownerUid);
      informer.addIndex(UNCONTROLLED_INDEX, Indexes.uncontrolledInNamespace);
      this.informers.set(key, informer);
      if (this.started) informer.start();
    }
    return informer;
  }

  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  stop(): void {
    for (const informer of this.informers.values()) informer.stop();
  }
}
