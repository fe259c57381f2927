/**
 * The CSR strategy's PrepareForCreate, its user part: spec.username, uid,
 * groups and extra name who asked, taken from the authenticated user and
 * never from the body. It runs before the handler because the write pipeline
 * has no user; a server-side apply that creates the request is covered too,
 * and an update cannot change the spec at all.
 */
import type { FastifyInstance } from 'fastify';
import { isRecord } from '../../api/types/meta.ts';
import type { UserInfo } from '../../auth/user-info.ts';
import { mediaType } from '../body.ts';
import { parseResourcePath } from '../request-path.ts';

export const CSR_GROUP = 'certificates.k8s.io';
export const CSR_PLURAL = 'certificatesigningrequests';

export function registerCsrRequestor(app: FastifyInstance): void {
  // A callback hook: it runs on every request, and all but CSR creates pass it without work.
  app.addHook('preHandler', (req, _reply, done) => {
    if (req.user !== null && isCsrCreate(req.method, req.url, req.headers['content-type'])) stampRequestor(req.body, req.user);
    done();
  });
}

function isCsrCreate(method: string, url: string, contentType: string | undefined): boolean {
  // Parsing every write's path cost more than the rest of this hook. A CSR's path names the
  // resource, unless percent-encoded: such a path is parsed, or the spec could name anyone.
  if (method !== 'POST' && method !== 'PATCH') return false;
  if (!url.includes(CSR_PLURAL) && !url.includes('%')) return false;
  let path: ReturnType<typeof parseResourcePath>;
  try {
    path = parseResourcePath(url);
  } catch {
    return false;
  }
  if (path?.group !== CSR_GROUP || path.plural !== CSR_PLURAL || path.subresource !== undefined) return false;
  return method === 'POST' ? path.name === undefined : mediaType(contentType) === 'application/apply-patch+yaml';
}

/** Sets the requestor fields in the body in place; a body that is no object is left for decoding to refuse. */
export function stampRequestor(body: unknown, user: UserInfo): void {
  if (!isRecord(body)) return;
  const spec = body['spec'] ?? {};
  if (!isRecord(spec)) return;
  spec['username'] = user.name;
  spec['groups'] = [...user.groups];
  if (user.uid === undefined) delete spec['uid'];
  else spec['uid'] = user.uid;
  delete spec['extra'];
  body['spec'] = spec;
}
