/**
 * One pass's decision, pure: Karpenter's disruption methods in order,
 * emptiness first (every empty candidate the budgets allow), then
 * single-node consolidation (the first underutilized candidate whose pods fit
 * on the other nodes, or on one cheaper new node).
 */
import { WellKnownLabels, type NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import type { InstanceType } from '../../../contracts/node-provider.ts';
import { poolBudget, type PoolBudget } from './budgets.ts';
import type { Candidate, CandidateSelection } from './candidates.ts';
import { isDisrupting, type ClaimView } from './cluster-view.ts';
import { isNodeReady } from './conditions.ts';
import { isActivePod, isDaemonSetPod } from './pod-classes.ts';
import { cheaperInstanceTypes, formatPrice, hypotheticalNode, replacementClaim, replacementZone } from './replacement.ts';
import type { SimulationInput, SimulationResult } from './simulation.ts';

export interface DeleteCommand {
  kind: 'delete';
  candidate: Candidate;
  /** what follows "Disrupting NodeClaim: " */
  explanation: string;
}

export interface ReplaceCommand {
  kind: 'replace';
  candidate: Candidate;
  /** the cheaper types that hold the pods, cheapest first */
  types: InstanceType[];
  /** the claim to create, without a name yet */
  replacement: NodeClaimObject;
  explanation: string;
}

export type DisruptionCommand = DeleteCommand | ReplaceCommand;

export interface PlanInput {
  views: readonly ClaimView[];
  selection: CandidateSelection;
  nodes: ReadonlyMap<string, KubeObject>;
  podsByNode: ReadonlyMap<string, readonly KubeObject[]>;
  instanceTypesOf(pool: NonNullable<ClaimView['pool']>): readonly InstanceType[];
  simulate(input: SimulationInput): SimulationResult;
}

export interface DisruptionPlan {
  commands: DisruptionCommand[];
  /** pools with a candidate their budget (or spec.min) held back */
  constrainedPools: string[];
  /** candidates looked at and left alone, with why (for the log) */
  skipped: { claim: string; why: string }[];
}

export const Explanations = {
  empty: 'Empty',
  fitsElsewhere: 'Underutilized (pods fit on other nodes)',
  replacing: (type: InstanceType, current: InstanceType): string =>
    `Underutilized, replacing with ${type.name} (${formatPrice(type.pricePerHour)}, was ${formatPrice(current.pricePerHour)})`,
} as const;

/** each pool's budget for this pass (BuildDisruptionBudgetMapping) */
export function budgetsByPool(views: readonly ClaimView[]): Map<string, PoolBudget> {
  const out = new Map<string, PoolBudget>();
  const pools = new Map<string, ClaimView[]>();
  for (const view of views) {
    if (view.pool === undefined || !view.initialized) continue;
    const members = pools.get(view.poolName) ?? [];
    members.push(view);
    pools.set(view.poolName, members);
  }
  for (const [name, members] of pools) {
    const settings = members[0]?.settings;
    if (settings === undefined) continue;
    out.set(
      name,
      poolBudget({
        budgets: settings.budgets,
        total: members.length,
        disrupting: members.filter(isDisrupting).length,
        remaining: members.filter((v) => !v.deleting && v.replacedBy === undefined).length,
        min: settings.min,
      }),
    );
  }
  return out;
}

/** What single-node consolidation works with: the nodes pods may move to, the pods on them, and the pods that must move. */
interface Scene {
  targets: KubeObject[];
  podsOnTargets: KubeObject[];
  mustPlace: KubeObject[];
}

function sceneFor(candidate: ClaimView, input: PlanInput): Scene {
  const byNode = new Map(input.views.filter((v) => v.nodeName !== '').map((v) => [v.nodeName, v]));
  const targets: KubeObject[] = [];
  const mustPlace = [...candidate.reschedulable];
  for (const [name, node] of input.nodes) {
    if (name === candidate.nodeName) continue;
    const view = byNode.get(name);
    // Pods of nodes being deleted need room too; those of a node being replaced go to its replacement.
    if (view?.deleting === true || node.metadata.deletionTimestamp !== undefined) {
      if (view?.replacedBy === undefined) mustPlace.push(...(view?.reschedulable ?? []));
      continue;
    }
    if (view !== undefined && (isDisrupting(view) || !view.initialized)) continue;
    if (!isNodeReady(node)) continue;
    targets.push(node);
  }
  const podsOnTargets = targets.flatMap((n) => input.podsByNode.get(n.metadata.name ?? '') ?? []);
  return { targets, podsOnTargets, mustPlace };
}

function replacementFor(candidate: Candidate, scene: Scene, input: PlanInput): ReplaceCommand | undefined {
  const { view } = candidate;
  const current = view.instanceType;
  if (view.pool === undefined || current === undefined) return undefined;
  const pool = view.pool;
  const preferredZone = view.node?.metadata.labels?.[WellKnownLabels.zone];
  const fitting: InstanceType[] = [];
  let zoneOfCheapest: string | undefined;
  for (const type of cheaperInstanceTypes(pool, input.instanceTypesOf(pool), current)) {
    const zone = replacementZone(pool, type, preferredZone);
    const name = `${view.name}-replacement`;
    const node = hypotheticalNode(pool, type, zone, name);
    // The DaemonSets of the old node run on the new one too and take their share of it.
    const daemons = view.pods.filter((p) => isDaemonSetPod(p) && isActivePod(p)).map((p) => ({ ...p, spec: { ...(isRecord(p['spec']) ? p['spec'] : {}), nodeName: name } }));
    const result = input.simulate({ nodes: [...scene.targets, node], pods: [...scene.podsOnTargets, ...daemons], podsToPlace: scene.mustPlace });
    if (!result.allFit) continue;
    if (fitting.length === 0) zoneOfCheapest = zone;
    fitting.push(type);
  }
  const cheapest = fitting[0];
  if (cheapest === undefined) return undefined;
  return {
    kind: 'replace',
    candidate,
    types: fitting,
    replacement: replacementClaim(pool, fitting, zoneOfCheapest, view.reschedulable),
    explanation: Explanations.replacing(cheapest, current),
  };
}

export function planDisruption(input: PlanInput): DisruptionPlan {
  const budgets = budgetsByPool(input.views);
  const constrained = new Set<string>();
  const skipped: DisruptionPlan['skipped'] = [];
  const budgetOf = (c: Candidate): PoolBudget => budgets.get(c.view.poolName) ?? { disruptions: 0, deletions: 0 };

  // Emptiness: every empty candidate the budgets allow, in one go.
  const commands: DisruptionCommand[] = [];
  for (const candidate of input.selection.candidates) {
    if (candidate.method !== 'Empty') continue;
    const budget = budgetOf(candidate);
    if (budget.deletions <= 0) {
      constrained.add(candidate.view.poolName);
      skipped.push({ claim: candidate.view.name, why: budget.disruptions <= 0 ? 'disruption budget exhausted' : 'pool at spec.min' });
      continue;
    }
    budget.deletions--;
    budget.disruptions--;
    commands.push({ kind: 'delete', candidate, explanation: Explanations.empty });
  }
  if (commands.length > 0) return { commands, constrainedPools: [...constrained], skipped };

  // Single-node consolidation: the first candidate that can go, cheapest to disrupt first.
  for (const candidate of input.selection.candidates) {
    if (candidate.method !== 'Underutilized') continue;
    const budget = budgetOf(candidate);
    if (budget.disruptions <= 0) {
      constrained.add(candidate.view.poolName);
      skipped.push({ claim: candidate.view.name, why: 'disruption budget exhausted' });
      continue;
    }
    const scene = sceneFor(candidate.view, input);
    const fitsElsewhere = input.simulate({ nodes: scene.targets, pods: scene.podsOnTargets, podsToPlace: scene.mustPlace }).allFit;
    if (fitsElsewhere && budget.deletions > 0) {
      return { commands: [{ kind: 'delete', candidate, explanation: Explanations.fitsElsewhere }], constrainedPools: [...constrained], skipped };
    }
    // A replacement keeps the node count, so spec.min does not stand in its way.
    const replace = replacementFor(candidate, scene, input);
    if (replace !== undefined) return { commands: [replace], constrainedPools: [...constrained], skipped };
    if (fitsElsewhere) constrained.add(candidate.view.poolName);
    skipped.push({ claim: candidate.view.name, why: fitsElsewhere ? 'pool at spec.min and no cheaper node holds its pods' : 'pods fit neither on other nodes nor on one cheaper node' });
  }
  return { commands, constrainedPools: [...constrained], skipped };
}
