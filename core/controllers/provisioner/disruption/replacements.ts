/**
 * The replacement state machine, kept on the old claim so that it survives a
 * restart: `kubernel.dev/replaced-by: <new claim>` while the new claim
 * launches; once the new claim is Ready the old one is deleted; should the
 * new one vanish, be deleted or not become Ready in time, the annotation goes
 * and the old claim is back in service (Karpenter un-taints it likewise).
 */
import { isApiError } from '../../../api/errors.ts';
import { conditionIsTrue } from '../../../api/kinds/nodepool/conditions.ts';
import type { NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import { Resources } from '../../../client/resources.ts';
import { deleteClaim, markReplacedBy, type ActionDeps } from './actions.ts';
import type { ClaimView } from './cluster-view.ts';
import { parseTime } from './conditions.ts';
import { cannotDisruptMessage, DisruptionEventReasons, WAITING_READINESS_MESSAGE } from './events.ts';

export type ReplacementStep = 'waiting' | 'replaced' | 'abandoned';

export interface ReplacementDeps extends ActionDeps {
  now(): Date;
  /** how long a replacement may take to become Ready */
  timeoutMs: number;
  /** replacements already announced as awaited, so the Event is recorded once */
  announcedWaiting: Set<string>;
}

/** Ready, as Karpenter waits for the replacement to be initialized before it lets the old node go */
export function isReplacementReady(claim: NodeClaimObject): boolean {
  return conditionIsTrue(claim, 'Ready') || conditionIsTrue(claim, 'Initialized');
}

async function abandon(old: ClaimView, why: string, deps: ReplacementDeps): Promise<'abandoned'> {
  await markReplacedBy(deps.client, old.claim, null);
  deps.events.record(old.claim, 'Warning', DisruptionEventReasons.blocked, cannotDisruptMessage('NodeClaim', why));
  deps.logger.warn({ nodeclaim: old.name, replacement: old.replacedBy }, `abandoning replacement: ${why}`);
  return 'abandoned';
}

/** one step of the replacement of `old`; `replacement` as the informer has it (undefined: not seen) */
export async function progressReplacement(old: ClaimView, replacement: NodeClaimObject | undefined, deps: ReplacementDeps): Promise<ReplacementStep> {
  const name = old.replacedBy;
  if (name === undefined || old.deleting) return 'waiting';
  let current = replacement;
  if (current === undefined) {
    // The informer may lag behind the create; only the API can say it is gone.
    try {
      current = await deps.client.get<NodeClaimObject>(Resources.nodeClaims, undefined, name);
    } catch (error) {
      if (!isApiError(error, 'NotFound')) throw error;
      return abandon(old, `replacement ${name} no longer exists`, deps);
    }
  }
  if (current.metadata.deletionTimestamp !== undefined) return abandon(old, `replacement ${name} is being deleted`, deps);
  if (isReplacementReady(current)) {
    deps.announcedWaiting.delete(name);
    await deleteClaim(old, `Underutilized, replaced by ${name}`, deps);
    return 'replaced';
  }
  const created = parseTime(current.metadata.creationTimestamp);
  if (created !== undefined && deps.now().getTime() - created.getTime() > deps.timeoutMs) {
    deps.announcedWaiting.delete(name);
    await deps.client.delete(Resources.nodeClaims, undefined, name).catch((error: unknown) => {
      if (!isApiError(error, 'NotFound')) throw error;
    });
    return abandon(old, `replacement ${name} did not become ready within ${Math.round(deps.timeoutMs / 1000)}s`, deps);
  }
  if (!deps.announcedWaiting.has(name)) {
    deps.announcedWaiting.add(name);
    deps.events.record(current, 'Normal', DisruptionEventReasons.waitingReadiness, WAITING_READINESS_MESSAGE);
  }
  return 'waiting';
}
