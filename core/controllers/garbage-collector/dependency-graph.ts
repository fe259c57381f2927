import type { KubeObject } from '../../api/types/meta.ts';
import type { ResourceRef } from '../../client/resources.ts';
import type { InformerFactory } from '../framework/informer-factory.ts';
import { objectKeyOf } from '../framework/result.ts';
import type { SharedInformer } from '../framework/shared-informer.ts';
import { groupOfApiVersion } from './owner-references.ts';

/** objects by uid, so an ownerReference finds its owner whatever its kind */
export const UID_INDEX = 'garbage-collector:uid';

export interface Monitor {
  resource: ResourceRef;
  informer: SharedInformer;
}

export interface GraphNode {
  resource: ResourceRef;
  /** the collector's queue key */
  key: string;
  object: KubeObject;
}

/** `replicasets.apps`, `pods`: a GroupResource as Kubernetes prints it */
export function resourceName(resource: Pick<ResourceRef, 'group' | 'plural'>): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}

/** `replicasets.apps|default/web`, `namespaces|team-a`: a queue key that names the kind too */
export function graphKey(resource: Pick<ResourceRef, 'group' | 'plural'>, meta: { namespace?: string | undefined; name?: string | undefined }): string {
  return `${resourceName(resource)}|${objectKeyOf(meta)}`;
}

export function parseGraphKey(key: string): { resourceName: string; objectKey: string } | undefined {
  const bar = key.indexOf('|');
  if (bar <= 0 || bar === key.length - 1) return undefined;
  return { resourceName: key.slice(0, bar), objectKey: key.slice(bar + 1) };
}

/**
 * The graph of owners and dependents, read from the shared informers of every
 * kind the collector watches: the informers' 'owner' index gives an object's
 * dependents, a uid index its owners. Kubernetes' GraphBuilder keeps its own
 * copy; here the caches are the graph, so it is never behind them.
 */
export class DependencyGraph {
  private readonly monitorList: Monitor[] = [];
  private readonly byName = new Map<string, Monitor>();
  private readonly byGroupKind = new Map<string, ResourceRef>();

  constructor(informers: InformerFactory, resources: readonly ResourceRef[]) {
    for (const resource of resources) {
      const name = resourceName(resource);
      if (this.byName.has(name)) continue;
      const informer = informers.forResource(resource);
      informer.addIndex(UID_INDEX, (obj) => (obj.metadata.uid === undefined ? [] : [obj.metadata.uid]));
      const monitor = { resource, informer };
      this.monitorList.push(monitor);
      this.byName.set(name, monitor);
      this.byGroupKind.set(`${resource.group}/${resource.kind}`, resource);
    }
  }

  get monitors(): readonly Monitor[] {
    return this.monitorList;
  }

  keyOf(resource: ResourceRef, obj: KubeObject): string {
    return graphKey(resource, obj.metadata);
  }

  /** the object a queue key names, as the cache has it now */
  lookup(key: string): GraphNode | undefined {
    const parsed = parseGraphKey(key);
    if (parsed === undefined) return undefined;
    const monitor = this.byName.get(parsed.resourceName);
    const object = monitor?.informer.cache.get(parsed.objectKey);
    if (monitor === undefined || object === undefined) return undefined;
    return { resource: monitor.resource, key, object };
  }

  byUid(uid: string): GraphNode | undefined {
    for (const { resource, informer } of this.monitorList) {
      const [object] = informer.cache.byIndex(UID_INDEX, uid);
      if (object !== undefined) return { resource, key: graphKey(resource, object.metadata), object };
    }
    return undefined;
  }

  /** every object, of any kind, with an ownerReference to `uid` */
  dependentsOf(uid: string): GraphNode[] {
    const out: GraphNode[] = [];
    for (const { resource, informer } of this.monitorList) {
      for (const object of informer.cache.byIndex('owner', uid)) out.push({ resource, key: graphKey(resource, object.metadata), object });
    }
    return out;
  }

  /** the resource an ownerReference points to, by group and kind (any version, as the RESTMapper maps it) */
  resourceFor(ref: { apiVersion: string; kind: string }): ResourceRef | undefined {
    return this.byGroupKind.get(`${groupOfApiVersion(ref.apiVersion)}/${ref.kind}`);
  }
}
