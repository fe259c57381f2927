import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.ts';
import { budgetSelects, budgetSpecOf, budgetStatusOf, type BudgetStatus } from '../../api/kinds/poddisruptionbudget/types.ts';
import { labelSelectorFromObject, labelSelectorToString } from '../../api/selectors/label-selector.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import type { EventRecorder } from '../framework/event-recorder.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import { DONE, type Reconciler, type Result } from '../framework/result.ts';
import { buildDisruptedPods, countHealthyPods, expectedPodCount, failSafeStatus, nextBudgetStatus, type ScaleFinder } from './budget-status.ts';
import { staleDisruptionWaitMs, statusWithDisruptionCleared } from './stale-disruption.ts';

/** Keys of pods whose DisruptionTarget condition may be stale; a colon never appears in a namespace. */
export const STALE_POD_KEY_PREFIX = 'stale-pod:';

export interface DisruptionReconcilerDeps {
  client: ApiClient;
  budgets: IndexedCache;
  pods: IndexedCache;
  findScale: ScaleFinder;
  events: Pick<EventRecorder, 'record'>;
  logger: Logger;
  now(): Date;
  staleTimeoutMs?: number;
}

/**
 * The disruption controller's sync of one PodDisruptionBudget (`ns/name`), and
 * the clean-up of one pod's stale DisruptionTarget condition (`stale-pod:ns/name`).
 */
export class DisruptionReconciler implements Reconciler {
  readonly name = 'disruption';

  constructor(private readonly deps: DisruptionReconcilerDeps) {}

  async reconcile(key: string): Promise<Result> {
    if (key.startsWith(STALE_POD_KEY_PREFIX)) return this.clearStaleDisruption(key.slice(STALE_POD_KEY_PREFIX.length));
    const pdb = this.deps.budgets.get(key);
    if (pdb === undefined) return DONE;
    try {
      return await this.trySync(pdb);
    } catch (error) {
      // A conflict only means our copy was old: retry without the fail-safe.
      if (isApiError(error, 'Conflict')) throw error;
      this.deps.logger.warn({ err: error, pdb: key }, 'failed to sync PodDisruptionBudget');
      await this.writeStatus(pdb, failSafeStatus(pdb, errorMessage(error), this.deps.now()));
      return DONE;
    }
  }

  private async trySync(pdb: KubeObject): Promise<Result> {
    const { deps } = this;
    const pods = deps.pods.byIndex('namespace', pdb.metadata.namespace ?? '').filter((pod) => budgetSelects(pdb, pod.metadata.labels));
    if (pods.length === 0) deps.events.record(pdb, 'Normal', 'NoPods', 'No matching pods found');
    const spec = budgetSpecOf(pdb);
    const expected = expectedPodCount(spec, pods, deps.findScale);
    if ('error' in expected) {
      deps.events.record(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${expected.error}`);
      throw new Error(expected.error);
    }
    if (expected.unmanagedPods.length > 0) {
      deps.events.record(
        pdb,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${selectorText(spec.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }
    const now = deps.now();
    const nowMs = now.getTime();
    const disrupted = buildDisruptedPods(pods, budgetStatusOf(pdb).disruptedPods, nowMs);
    for (const name of disrupted.overdue) {
      const pod = pods.find((p) => p.metadata.name === name);
      if (pod !== undefined) {
        deps.events.record(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace ?? ''}/${pdb.metadata.name ?? ''} to be deleted but it wasn't`);
      }
    }
    const status = nextBudgetStatus(
      pdb,
      { currentHealthy: countHealthyPods(pods, disrupted.pending, nowMs), desiredHealthy: expected.desiredHealthy, expectedCount: expected.expectedCount, disruptedPods: disrupted.pending },
      now,
    );
    if (status !== undefined) await this.writeStatus(pdb, status);
    // Once a pending eviction times out, its pod counts again: look then.
    return disrupted.recheckAtMs === undefined ? DONE : { requeueAfterMs: Math.max(0, disrupted.recheckAtMs - nowMs) };
  }

  /** UpdateStatus with the cached resourceVersion: a newer budget is a Conflict, and the key is retried. */
  private async writeStatus(pdb: KubeObject, status: BudgetStatus): Promise<void> {
    await this.deps.client.update(Resources.podDisruptionBudgets, { ...pdb, status: { ...status } }, { subresource: 'status' });
  }

  private async clearStaleDisruption(podKey: string): Promise<Result> {
    const pod = this.deps.pods.get(podKey);
    if (pod === undefined) return DONE;
    const now = this.deps.now();
    const waitMs = staleDisruptionWaitMs(pod, now.getTime(), this.deps.staleTimeoutMs);
    if (waitMs === undefined) return DONE;
    if (waitMs > 0) return { requeueAfterMs: waitMs };
    await this.deps.client.update(Resources.pods, { ...pod, status: statusWithDisruptionCleared(pod, now) }, { subresource: 'status' });
    this.deps.logger.debug({ pod: podKey }, 'reset stale DisruptionTarget condition to False');
    return DONE;
  }
}

function selectorText(selector: Parameters<typeof labelSelectorFromObject>[0]): string {
  try {
    return labelSelectorToString(labelSelectorFromObject(selector));
  } catch {
    return '<invalid>';
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
