import { ApiError, badRequest, isApiError } from '../../api/errors.ts';
import { budgetSpecOf, budgetStatusOf } from '../../api/kinds/poddisruptionbudget/types.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { isRecord, type KubeObject, type Status } from '../../api/types/meta.ts';
import type { WriteContext } from '../admission/write-context.ts';
import { budgetBeingProcessed, budgetsForPod, multipleBudgets, spendDisruption } from './eviction-budget.ts';
import { deletePodForEviction, type RawDeleteOptions } from './eviction-delete.ts';
import type { ApiContext } from './context.ts';

/**
 * POST pods/NAME/eviction (pkg/registry/core/pod/storage/eviction.go): delete
 * the pod if that keeps its PodDisruptionBudget, else 429. A pod that already
 * finished, is still Pending or is being deleted has disrupted nothing more by
 * going, so it goes without a budget check; an unready pod may go when its
 * budget is healthy anyway (IfHealthyBudget) or always (AlwaysAllow).
 */

const ACCEPTED_VERSIONS = ['policy/v1', 'policy/v1beta1'];
/** EvictionsRetry's 20 steps; kube-apiserver waits 500 ms between them, a conflict here clears in far less */
const CONFLICT_RETRIES = 20;
const CONFLICT_PAUSE_MS = 10;

/** What kube-apiserver answers a granted eviction: the rest handler fills in 201 as the code. */
function evictionSuccess(): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

export async function evictPod(api: ApiContext, podType: ResourceType, namespace: string | undefined, name: string, body: unknown, ctx: WriteContext): Promise<Status> {
  const original = readEviction(body, namespace, name, ctx.dryRun);
  const pinnedVersion = resourceVersionOf(original);
  const pdbContext: WriteContext = { ...ctx, manager: 'kube-apiserver', warnings: [] };

  let pod: KubeObject | undefined;
  for (let attempt = 1; ; attempt++) {
    pod = await api.store.get(podType, namespace, name);
    if (!canIgnoreBudget(pod)) break;
    const options = shouldEnforceResourceVersion(pod) && pinnedVersion === undefined ? withResourceVersion(original, pod) : original;
    try {
      await deletePodForEviction(api, podType, namespace, name, options, ctx);
      return evictionSuccess();
    } catch (error) {
      // A conflict with our own precondition means the pod changed under us: look again (not with the client's).
      if (!isApiError(error, 'Conflict') || pinnedVersion !== undefined || attempt >= CONFLICT_RETRIES) throw error;
      await pause(CONFLICT_PAUSE_MS);
    }
  }

  const budgets = await budgetsForPod(api, pod);
  if (budgets.length > 1) throw multipleBudgets();
  const budget = budgets[0];
  let checkedPodVersion = false;
  if (budget !== undefined) {
    if (!isPodReady(pod) && unhealthyPodMayGo(budget)) {
      // It counts for nothing in the budget: delete it, unless it turned Ready since we looked.
      checkedPodVersion = true;
    } else {
      await spend(api, budget, pod, pdbContext, ctx.dryRun);
    }
  }

  const options = checkedPodVersion ? withResourceVersion(original, pod) : original;
  try {
    await deletePodForEviction(api, podType, namespace, name, options, ctx);
  } catch (error) {
    if (isApiError(error, 'Conflict') && checkedPodVersion && pinnedVersion === undefined && budget !== undefined) {
      throw budgetBeingProcessed(budget.metadata.name ?? '');
    }
    throw error;
  }
  return evictionSuccess();
}

/** Spends one disruption of `budget` with compare-and-swap on the budget's status; a dry run only checks. */
async function spend(api: ApiContext, budget: KubeObject, pod: KubeObject, ctx: WriteContext, dryRun: boolean): Promise<void> {
  const podName = pod.metadata.name ?? '';
  if (dryRun) {
    spendDisruption(budget, podName, ctx.now);
    return;
  }
  const type = api.registry.byGroupKind('policy', 'PodDisruptionBudget');
  if (type === undefined) return;
  // guaranteedUpdate re-reads and retries when another eviction wrote first, so each check sees the latest count.
  await api.store.guaranteedUpdate(type, budget.metadata.namespace, budget.metadata.name ?? '', (current) =>
    api.pipeline.prepareUpdate(type, spendDisruption(current, podName, ctx.now), current, ctx, 'status'),
  );
}

/** The Eviction body: its name must be the URL's; its deleteOptions (with the request's dry run) drive the delete. */
function readEviction(body: unknown, namespace: string | undefined, name: string, dryRun: boolean): RawDeleteOptions {
  if (!isRecord(body)) throw badRequest('the body must be a policy/v1 Eviction');
  const apiVersion = body['apiVersion'];
  if (typeof apiVersion === 'string' && apiVersion !== '' && !ACCEPTED_VERSIONS.includes(apiVersion)) {
    throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (policy/v1)`);
  }
  const kind = body['kind'];
  if (typeof kind === 'string' && kind !== '' && kind !== 'Eviction') throw badRequest(`not a Eviction object: ${kind}`);
  const meta = isRecord(body['metadata']) ? body['metadata'] : {};
  const objectNamespace = meta['namespace'];
  if (typeof objectNamespace === 'string' && objectNamespace !== '' && objectNamespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (meta['name'] !== name) throw badRequest('name in URL does not match name in Eviction object');
  const options: RawDeleteOptions = isRecord(body['deleteOptions']) ? { ...body['deleteOptions'] } : {};
  return propagateDryRun(options, dryRun);
}

/** propagateDryRun: the request's dryRun and the Eviction's deleteOptions.dryRun must agree when both are given. */
function propagateDryRun(options: RawDeleteOptions, dryRun: boolean): RawDeleteOptions {
  const inBody = Array.isArray(options['dryRun']) ? options['dryRun'].filter((v): v is string => typeof v === 'string') : [];
  const inRequest = dryRun ? ['All'] : [];
  if (inBody.length === 0) return { ...options, dryRun: inRequest };
  if (inRequest.length > 0 && inBody.join(',') !== inRequest.join(',')) {
    throw new ApiError('InternalError', `Non-matching dry-run options in request and content: [${inRequest.join(' ')}] and [${inBody.join(' ')}]`);
  }
  return options;
}

function resourceVersionOf(options: RawDeleteOptions): string | undefined {
  const pre = options['preconditions'];
  const version = isRecord(pre) ? pre['resourceVersion'] : undefined;
  return typeof version === 'string' ? version : undefined;
}

/** setPreconditionsResourceVersion on a copy */
function withResourceVersion(options: RawDeleteOptions, pod: KubeObject): RawDeleteOptions {
  const pre = isRecord(options['preconditions']) ? options['preconditions'] : {};
  return { ...options, preconditions: { ...pre, resourceVersion: pod.metadata.resourceVersion } };
}

function podPhase(pod: KubeObject): unknown {
  return isRecord(pod['status']) ? pod['status']['phase'] : undefined;
}

/** canIgnorePDB */
function canIgnoreBudget(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined;
}

/** shouldEnforceResourceVersion: only a pod that could still become Ready could race a budget. */
function shouldEnforceResourceVersion(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}

function isPodReady(pod: KubeObject): boolean {
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  return conditions.some((c: unknown) => isRecord(c) && c['type'] === 'Ready' && c['status'] === 'True');
}

/** An unready pod may go without spending a disruption: AlwaysAllow, or the budget is met without it. */
function unhealthyPodMayGo(budget: KubeObject): boolean {
  if (budgetSpecOf(budget).unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const status = budgetStatusOf(budget);
  return status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
