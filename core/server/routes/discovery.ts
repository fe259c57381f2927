import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../api/errors.ts';
import type { ResourceRegistry } from '../../api/registry.ts';
import { apiVersionOf, type ResourceType } from '../../api/resource-type.ts';

const MAIN_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  group?: string;
  version?: string;
  shortNames?: string[];
  categories?: string[];
}

/** APIResourceList entries: the resource, then its subresources, as kube-apiserver lists them. */
export function apiResources(types: ResourceType[]): ApiResource[] {
  const out: ApiResource[] = [];
  for (const type of types) {
    const main: ApiResource = { name: type.plural, singularName: type.singular, namespaced: type.namespaced, kind: type.kind, verbs: MAIN_VERBS };
    if (type.shortNames.length > 0) main.shortNames = type.shortNames;
    if (type.categories.length > 0) main.categories = type.categories;
    out.push(main);
    for (const sub of type.subresources) {
      const name = `${type.plural}/${sub}`;
      if (sub === 'status') out.push({ name, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: SUBRESOURCE_VERBS });
      if (sub === 'scale') out.push({ name, singularName: '', namespaced: type.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: SUBRESOURCE_VERBS });
      if (sub === 'binding') out.push({ name, singularName: '', namespaced: type.namespaced, kind: 'Binding', verbs: ['create'] });
      if (sub === 'eviction') out.push({ name, singularName: '', namespaced: type.namespaced, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
      if (sub === 'log') out.push({ name, singularName: '', namespaced: type.namespaced, kind: 'Pod', verbs: ['get'] });
      if (sub === 'exec') out.push({ name, singularName: '', namespaced: type.namespaced, kind: 'PodExecOptions', verbs: ['create', 'get'] });
    }
  }
  return out;
}

/** Legacy discovery (/api, /apis, group and group-version documents), which every client understands. */
export function registerDiscoveryRoutes(app: FastifyInstance, registry: ResourceRegistry, serverAddress: () => string): void {
  const groups = (): { name: string; versions: { groupVersion: string; version: string }[] }[] => {
    const byGroup = new Map<string, string[]>();
    for (const gv of registry.groupVersions()) {
      if (gv.group === '') continue;
      byGroup.set(gv.group, [...(byGroup.get(gv.group) ?? []), gv.version]);
    }
    return [...byGroup.entries()].map(([name, versions]) => ({ name, versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })) }));
  };
  const groupDoc = (group: { name: string; versions: { groupVersion: string; version: string }[] }): unknown => ({
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: group.name,
    versions: group.versions,
    preferredVersion: group.versions[0],
  });
  const resourceList = (group: string, version: string): unknown => {
    const types = registry.inGroupVersion(group, version);
    if (types.length === 0) throw new ApiError('NotFound', 'the server could not find the requested resource');
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources: apiResources(types) };
  };

  app.get('/api', async () => ({
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: serverAddress() }],
  }));
  app.get('/apis', async () => ({ kind: 'APIGroupList', apiVersion: 'v1', groups: groups().map(groupDoc) }));
  app.get('/api/v1', async () => resourceList('', 'v1'));
  app.get<{ Params: { group: string } }>('/apis/:group', async (req) => {
    const group = groups().find((g) => g.name === req.params.group);
    if (group === undefined) throw new ApiError('NotFound', 'the server could not find the requested resource');
    return groupDoc(group);
  });
  app.get<{ Params: { group: string; version: string } }>('/apis/:group/:version', async (req) => resourceList(req.params.group, req.params.version));
}
