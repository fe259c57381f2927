import { ApiError, type ApiErrorCode } from '../../api/errors.ts';
import { conditionTime, withDisruptionAllowedCondition } from '../../api/kinds/poddisruptionbudget/conditions.ts';
import { budgetSelects, budgetStatusOf } from '../../api/kinds/poddisruptionbudget/types.ts';
import type { KubeObject, Status, StatusCause } from '../../api/types/meta.ts';
import type { ApiContext } from './context.ts';

/**
 * The PodDisruptionBudget half of the eviction subresource
 * (pkg/registry/core/pod/storage/eviction.go): which budgets cover a pod, and
 * checkAndDecrement, which spends one allowed disruption or refuses.
 */

/** policyv1.DisruptionBudgetCause, the StatusCause type (`reason` on the wire) of a refusal. */
export const DISRUPTION_BUDGET_CAUSE = 'DisruptionBudget';
export const VIOLATES_BUDGET_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
export const MULTIPLE_BUDGETS_MESSAGE = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
/** MaxDisruptedPodSize: evictions the controller has not confirmed yet, beyond which more are refused */
const MAX_DISRUPTED_POD_SIZE = 2000;

/**
 * An ApiError whose Status carries what the plain one cannot: retryAfterSeconds
 * (errors.NewTooManyRequests) or no reason at all (a Status the handler returns
 * as its result, such as the 500 for a pod with several budgets).
 */
export class EvictionError extends ApiError {
  constructor(
    code: ApiErrorCode,
    message: string,
    private readonly extra: { causes?: StatusCause[]; retryAfterSeconds?: number; withoutReason?: boolean; name?: string } = {},
  ) {
    super(code, message, extra.name === undefined ? {} : { name: extra.name, group: 'policy', kind: 'poddisruptionbudget' }, extra.causes ?? []);
    this.name = 'EvictionError';
  }

  override toStatus(): Status {
    const status = super.toStatus();
    if (this.extra.withoutReason === true) delete status.reason;
    if (this.extra.retryAfterSeconds !== undefined && this.extra.retryAfterSeconds > 0) {
      status.details = { ...status.details, retryAfterSeconds: this.extra.retryAfterSeconds };
    }
    return status;
  }
}

/** createTooManyRequestsError: the budget's status is behind its spec, or the pod became healthy meanwhile. */
export function budgetBeingProcessed(pdbName: string): EvictionError {
  return new EvictionError('TooManyRequests', VIOLATES_BUDGET_MESSAGE, {
    retryAfterSeconds: 10,
    causes: [{ reason: DISRUPTION_BUDGET_CAUSE, message: `The disruption budget ${pdbName} is still being processed by the server.` }],
  });
}

export function multipleBudgets(): EvictionError {
  return new EvictionError('InternalError', MULTIPLE_BUDGETS_MESSAGE, { withoutReason: true });
}

function forbiddenBudget(pdbName: string, why: string): EvictionError {
  return new EvictionError('Forbidden', `poddisruptionbudget.policy "${pdbName}" is forbidden: ${why}`, { name: pdbName });
}

/** getPodDisruptionBudgets: the budgets of the pod's namespace whose selector matches it. */
export async function budgetsForPod(api: ApiContext, pod: KubeObject): Promise<KubeObject[]> {
  const type = api.registry.byGroupKind('policy', 'PodDisruptionBudget');
  if (type === undefined) return [];
  const list = await api.store.list(type, pod.metadata.namespace);
  return list.items.filter((pdb) => budgetSelects(pdb, pod.metadata.labels));
}

/**
 * checkAndDecrement on the budget as stored now: refuses with 429 (or 403 for
 * a budget in a state the controller never writes), else returns the budget
 * with one disruption spent, the pod recorded in disruptedPods so the
 * controller does not count it healthy meanwhile, and, at 0 left, the
 * DisruptionAllowed condition turned False.
 */
export function spendDisruption(pdb: KubeObject, podName: string, now: Date): KubeObject {
  const name = pdb.metadata.name ?? '';
  const status = budgetStatusOf(pdb);
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) throw budgetBeingProcessed(name);
  if (status.disruptionsAllowed < 0) throw forbiddenBudget(name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw forbiddenBudget(name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (status.disruptionsAllowed === 0) {
    throw new EvictionError('TooManyRequests', VIOLATES_BUDGET_MESSAGE, {
      causes: [{ reason: DISRUPTION_BUDGET_CAUSE, message: `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently` }],
    });
  }
  let next = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 };
  if (next.disruptionsAllowed === 0) next = withDisruptionAllowedCondition(next, now);
  next.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: conditionTime(now) };
  return { ...pdb, status: next };
}
