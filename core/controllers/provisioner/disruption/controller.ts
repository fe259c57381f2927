/**
 * The provisioner's disruption controller (Karpenter's disruption
 * controller): it removes nodes the cluster no longer needs. Each pass brings
 * replacements under way forward, records on every claim since when it has
 * been empty (Empty) and quiet (Consolidatable), picks the candidates, and
 * carries out what the plan says: delete empty claims, delete an
 * underutilized one whose pods fit elsewhere, or replace it with a cheaper
 * node. Deleting a claim is all it does to a node: the NodeClaim lifecycle
 * cordons it, evicts its pods through pods/eviction and removes the machine.
 */
import type { Logger } from 'pino';
import { isApiError } from '../../../api/errors.ts';
import { readNodeClaim } from '../../../api/kinds/nodepool/read.ts';
import type { NodePoolObject } from '../../../api/kinds/nodepool/types.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import { Resources } from '../../../client/resources.ts';
import type { InstanceType } from '../../../contracts/node-provider.ts';
import type { SchedulingPluginContribution } from '../../../contracts/scheduling.ts';
import type { Clock } from '../../../kernel/core-tokens.ts';
import { EventRecorder } from '../../framework/event-recorder.ts';
import { InformerFactory } from '../../framework/informer-factory.ts';
import { executeCommand, type ActionDeps } from './actions.ts';
import { selectCandidates, type BlockedCandidate } from './candidates.ts';
import { viewClaims, type ClaimView } from './cluster-view.ts';
import { BlockedNotices, cannotDisruptMessage, DisruptionEventReasons } from './events.ts';
import { SnapshotSource } from './informer-snapshot.ts';
import { SingleFlightLoop } from './loop.ts';
import { PdbLimits } from './pdb-limits.ts';
import { planDisruption } from './plan.ts';
import { progressReplacement } from './replacements.ts';
import type { NodeNominations } from '../node-nominations.ts';
import { DISRUPTION_COMPONENT } from './resources.ts';
import { simulateScheduling } from './simulation.ts';

export interface DisruptionControllerDeps {
  client: ApiClient;
  logger: Logger;
  /** the instance types the pool's provider offers: prices of the claims and the replacement choices */
  instanceTypesOf(pool: NodePoolObject): readonly InstanceType[];
  clock?: Clock;
  /** shared informers (a ControllerManager's); its owner starts and stops them. Default: the controller's own */
  informers?: InformerFactory;
  /** contributed scheduling plugins, simulated after the built-in ones */
  schedulingPlugins?: readonly SchedulingPluginContribution[];
  /** a pass at least this often; default 10 s */
  intervalMs?: number;
  /** a change wakes a pass this much later, gathering a burst; default 1 s */
  wakeDelayMs?: number;
  /** a replacement not Ready by then is given up; default 10 min */
  replacementTimeoutMs?: number;
  events?: EventRecorder;
  /** the provisioner's nominations: a claim or node counted on for a pending pod is not disrupted */
  nominations?: NodeNominations;
}

export interface DisruptionController {
  /** one pass now (after the one under way); for tests and tools */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export const DISRUPTION_DEFAULTS = { intervalMs: 10_000, wakeDelayMs: 1_000, replacementTimeoutMs: 600_000 } as const;

export async function startDisruptionController(deps: DisruptionControllerDeps): Promise<DisruptionController> {
  const logger = deps.logger.child({ controller: 'disruption' });
  const clock = deps.clock ?? { now: () => new Date() };
  const ownInformers = deps.informers === undefined ? new InformerFactory(deps.client, logger) : undefined;
  const informers = deps.informers ?? ownInformers;
  if (informers === undefined) throw new Error('unreachable: no informer factory');
  const events = deps.events ?? new EventRecorder(deps.client, DISRUPTION_COMPONENT, logger);
  const actions: ActionDeps = { client: deps.client, events, logger };
  const announcedWaiting = new Set<string>();
  const notices = new BlockedNotices((blocked) => announceBlocked(blocked, actions));

  let loop: SingleFlightLoop | undefined;
  const source = new SnapshotSource({ informers, now: () => clock.now(), instanceTypesOf: deps.instanceTypesOf, logger, onChange: () => loop?.wake() });
  const simulate: typeof simulateScheduling = (input) =>
    simulateScheduling({ ...input, namespaceLabels: source.namespaceLabels, ...(deps.schedulingPlugins === undefined ? {} : { plugins: deps.schedulingPlugins }) });

  async function pass(): Promise<void> {
    const snapshot = source.take();
    const views = viewClaims(snapshot);
    const claimsByName = new Map(snapshot.claims.map((c) => [c.metadata.name ?? '', c]));

    let moved = false;
    for (const view of views.filter((v) => v.replacedBy !== undefined)) {
      const replacement = view.replacedBy === undefined ? undefined : claimsByName.get(view.replacedBy);
      const step = await attempt(logger, view, () =>
        progressReplacement(view, replacement, { ...actions, now: () => clock.now(), timeoutMs: deps.replacementTimeoutMs ?? DISRUPTION_DEFAULTS.replacementTimeoutMs, announcedWaiting }),
      );
      if (step !== undefined && step !== 'waiting') moved = true;
    }
    // The claims just changed; the next pass (their watch events wake it) decides on what they are now.
    if (moved) return;

    for (const view of views) if (view.activity?.changed === true) await writeActivity(view, deps.client, logger);

    const now = clock.now();
    const selection = selectCandidates(views, new PdbLimits(snapshot.pdbs), (name) => deps.nominations?.isNominated(name, now) === true);
    notices.update(selection, new Set(snapshot.claims.map((c) => c.metadata.uid ?? '')));
    const plan = planDisruption({ views, selection, nodes: snapshot.nodes, podsByNode: snapshot.podsByNode, instanceTypesOf: snapshot.instanceTypesOf, simulate });
    for (const skipped of plan.skipped) logger.debug(skipped, 'not disrupting');
    for (const command of plan.commands) await attempt(logger, command.candidate.view, () => executeCommand(command, actions));
  }

  loop = new SingleFlightLoop(pass, {
    intervalMs: deps.intervalMs ?? DISRUPTION_DEFAULTS.intervalMs,
    wakeDelayMs: deps.wakeDelayMs ?? DISRUPTION_DEFAULTS.wakeDelayMs,
    onError: (error) => logger.error({ err: error }, 'disruption pass failed'),
  });
  ownInformers?.start();
  await source.waitForSync();
  loop.start();
  const running = loop;
  return {
    runOnce: () => running.runNow(),
    stop: async () => {
      await running.stop();
      ownInformers?.stop();
    },
  };
}

/** one claim's action; its failure is logged and leaves the other claims' actions alone */
async function attempt<T>(logger: Logger, view: ClaimView, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    if (isApiError(error, 'Conflict') || isApiError(error, 'NotFound')) {
      logger.debug({ err: error, nodeclaim: view.name }, 'nodeclaim changed meanwhile; retrying next pass');
    } else {
      logger.warn({ err: error, nodeclaim: view.name }, 'disruption action failed; retrying next pass');
    }
    return undefined;
  }
}

/** writes the Empty and Consolidatable conditions; a conflict waits for the next pass */
async function writeActivity(view: ClaimView, client: ApiClient, logger: Logger): Promise<void> {
  const conditions = view.activity?.conditions;
  if (conditions === undefined) return;
  await attempt(logger, view, async () => {
    const updated = await client.update(Resources.nodeClaims, { ...view.claim, status: { ...view.claim.status, conditions } }, { subresource: 'status' });
    // Later steps of this pass act on the claim as now stored (its new resourceVersion).
    view.claim = readNodeClaim(updated);
  });
}

function announceBlocked(blocked: BlockedCandidate, deps: ActionDeps): void {
  const { view, reason } = blocked;
  deps.events.record(view.claim, 'Normal', DisruptionEventReasons.blocked, cannotDisruptMessage('NodeClaim', reason));
  if (view.node !== undefined) deps.events.record(view.node, 'Normal', DisruptionEventReasons.blocked, cannotDisruptMessage('Node', reason));
  deps.logger.info({ nodeclaim: view.name, node: view.nodeName, nodepool: view.poolName }, cannotDisruptMessage('NodeClaim', reason));
}
