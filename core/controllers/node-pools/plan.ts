import type { NodeInstance } from '../../contracts/node-provider.ts';

/** What a pool's start changes: names of nodes to launch, and machines to remove. */
export interface PoolPlan {
  create: string[];
  remove: NodeInstance[];
}

/** `sim-7` is ordinal 7 of pool `sim`; a name the pool did not give has none. */
export function ordinalOf(pool: string, name: string): number | undefined {
  if (!name.startsWith(`${pool}-`)) return undefined;
  const rest = name.slice(pool.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

/**
 * A pool's nodes at start: keep `desired` of the machines it already has
 * (its own ordinals, lowest first, then the oldest), remove the rest, and
 * launch the missing ones under the lowest names no machine of it holds.
 */
export function planPoolNodes(pool: string, desired: number, existing: readonly NodeInstance[]): PoolPlan {
  const ranked = [...existing].sort((a, b) => {
    const oa = ordinalOf(pool, a.nodeName) ?? Number.POSITIVE_INFINITY;
    const ob = ordinalOf(pool, b.nodeName) ?? Number.POSITIVE_INFINITY;
    if (oa !== ob) return oa - ob;
    return a.createdAt.getTime() - b.createdAt.getTime() || a.nodeName.localeCompare(b.nodeName);
  });
  const keep = ranked.slice(0, desired);
  const remove = ranked.slice(desired);
  const taken = new Set(existing.map((i) => i.nodeName));
  const create: string[] = [];
  for (let ordinal = 0; create.length < desired - keep.length; ordinal++) {
    const name = `${pool}-${ordinal}`;
    if (!taken.has(name)) create.push(name);
  }
  return { create, remove };
}

/** Machines of a provider whose pool is no longer in kubernel.yaml. */
export function leftoverInstances(configuredPools: ReadonlySet<string>, instances: readonly NodeInstance[]): NodeInstance[] {
  return instances.filter((i) => !configuredPools.has(i.pool));
}
