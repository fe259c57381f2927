import type { ResourceType } from '../api/resource-type.ts';

/** `/registry/<group>/<plural>/` — the prefix of every object of a resource, as kube-apiserver lays out etcd */
export function resourcePrefix(type: Pick<ResourceType, 'group' | 'plural'>): string {
  return `/registry/${type.group === '' ? 'core' : type.group}/${type.plural}/`;
}

/** the prefix of a resource's objects in one namespace, or of all of them when `namespace` is undefined */
export function scopePrefix(type: Pick<ResourceType, 'group' | 'plural' | 'namespaced'>, namespace: string | undefined): string {
  const base = resourcePrefix(type);
  return type.namespaced && namespace !== undefined ? `${base}${namespace}/` : base;
}

export function objectKey(
  type: Pick<ResourceType, 'group' | 'plural' | 'namespaced'>,
  namespace: string | undefined,
  name: string,
): string {
  return type.namespaced ? `${resourcePrefix(type)}${namespace ?? ''}/${name}` : `${resourcePrefix(type)}${name}`;
}
