/** A resource URL taken apart: `/apis/apps/v1/namespaces/default/deployments/web/scale`. */
export interface ResourcePath {
  group: string;
  version: string;
  namespace: string | undefined;
  plural: string;
  name: string | undefined;
  subresource: string | undefined;
}

/**
 * Parses Kubernetes resource paths, or returns undefined for anything else.
 * `/api/v1/namespaces/x` and `/api/v1/namespaces/x/status|finalize` address
 * the Namespace itself, as in kube-apiserver.
 */
export function parseResourcePath(url: string): ResourcePath | undefined {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const segments = path.split('/').filter((p) => p !== '');
  // Every request passes here: decode only the rare path that has escapes.
  const parts = path.includes('%') ? segments.map(decodeURIComponent) : segments;
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
    const [, namespace, plural, name, subresource, ...extra] = rest;
    if (extra.length > 0 || plural === undefined) return undefined;
    return { group, version, namespace, plural, name, subresource };
  }
  const [plural, name, subresource, ...extra] = rest;
  if (extra.length > 0 || plural === undefined) return undefined;
  return { group, version, namespace: undefined, plural, name, subresource };
}
