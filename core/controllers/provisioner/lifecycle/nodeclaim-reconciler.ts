import { DONE, type Reconciler, type Result } from '../../framework/result.ts';
import type { IndexedCache } from '../../framework/indexed-cache.ts';
import { readNodeClaim } from '../../../api/kinds/nodepool/read.ts';
import { addFinalizer, hasFinalizer } from './claim-writes.ts';
import { launchClaim } from './launch-claim.ts';
import type { LifecycleContext } from './lifecycle-context.ts';
import { registerClaim } from './registration.ts';
import { terminateClaim } from './termination.ts';

/**
 * A NodeClaim from creation to removal: finalizer, launch, registration of
 * its Node, and termination once deleted. Each step is its own file; this
 * picks the step the claim is at.
 */
export class NodeClaimReconciler implements Reconciler {
  readonly name = 'nodeclaim-lifecycle';

  constructor(
    private readonly ctx: LifecycleContext,
    private readonly claims: IndexedCache,
  ) {}

  async reconcile(key: string): Promise<Result> {
    const cached = this.claims.get(key);
    if (cached === undefined) return DONE;
    if (cached.metadata.deletionTimestamp !== undefined) {
      return hasFinalizer(cached) ? terminateClaim(this.ctx, readNodeClaim(cached)) : DONE;
    }
    // The finalizer before any machine exists, so no claim can go without its machine going too.
    const claim = hasFinalizer(cached) ? cached : await addFinalizer(this.ctx.client, cached);
    const typed = readNodeClaim(claim);
    if (typed.status?.providerID === undefined) return launchClaim(this.ctx, typed);
    return registerClaim(this.ctx, typed);
  }
}
