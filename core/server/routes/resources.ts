import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../api/errors.ts';
import type { ResourceType, Subresource } from '../../api/resource-type.ts';
import { decodeObject } from '../admission/decode-object.ts';
import { writeContext, type WriteContext } from '../admission/write-context.ts';
import { isPatchType, mediaType } from '../body.ts';
import type { ApiContext } from '../handlers/context.ts';
import { deleteCollection, deleteObject, deleteOptions } from '../handlers/delete.ts';
import { patchObject } from '../handlers/patch.ts';
import { patchScale } from '../handlers/scale-patch.ts';
import { finalizeNamespace, isNamespaceType } from '../handlers/namespace-lifecycle.ts';
import { getObject, getObjectJson, listObjects, withTypeMeta, selectorsFrom } from '../handlers/read.ts';
import { bindPod, toScale, updateScale } from '../handlers/subresources.ts';
import { evictPod } from '../handlers/eviction.ts';
import { serveWatch } from '../handlers/watch.ts';
import { storedPrefixOf } from '../handlers/stored-prefix.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { representation } from '../negotiate.ts';
import { boolParam, type Query } from '../query.ts';
import { parseResourcePath, type ResourcePath } from '../request-path.ts';

const NOT_FOUND = 'the server could not find the requested resource';

interface Target {
  type: ResourceType;
  path: ResourcePath;
}

/** Every resource URL under /api and /apis, dispatched by method, name and subresource. */
export function registerResourceRoutes(app: FastifyInstance, api: ApiContext): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const target = resolveTarget(api, req.url);
    const query = req.query as Query;
    const { type, path } = target;
    if (path.subresource === 'finalize' && req.method !== 'PUT') throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
    const namespace = path.namespace;
    if (req.method === 'GET') {
      const as = representation(req.headers.accept);
      if (boolParam(query, 'watch')) {
        if (path.subresource !== undefined) throw new ApiError('MethodNotAllowed', 'watch is not supported on subresources');
        // A bad selector is a 400 while the reply can still carry one: once hijacked, it is a stream.
        selectorsFrom(type, query);
        reply.hijack();
        await serveWatch(api, type, namespace, path.name, as, query, reply.raw, (listener) => req.raw.on('close', listener));
        return;
      }
      if (path.name === undefined) return send(reply, 200, await listObjects(api, type, namespace, as, query));
      if (path.subresource === 'scale') return send(reply, 200, toScale(await api.store.get(type, namespace, path.name)));
      if (as === 'object') return sendJson(reply, 200, await getObjectJson(api, type, namespace, path.name));
      return send(reply, 200, await getObject(api, type, namespace, path.name, as, query));
    }
    const ctx = writeContext(query, req.headers['user-agent'], api.now());
    if (req.method === 'DELETE') {
      if (path.name === undefined) return send(reply, 200, await deleteCollection(api, type, namespace, query, req.body));
      const result = await deleteObject(api, type, namespace, path.name, deleteOptions(req.body, query));
      return send(reply, result.status, result.body);
    }
    if (req.method === 'POST') {
      if (path.subresource === 'binding' && path.name !== undefined) {
        await bindPod(api, type, namespace, path.name, req.body, ctx);
        return send(reply, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }, ctx);
      }
      if (path.subresource === 'eviction' && path.name !== undefined) {
        return send(reply, 201, await evictPod(api, type, namespace, path.name, req.body, ctx), ctx);
      }
      if (path.name !== undefined) throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
      const obj = decodeObject(req.body, type, { namespace });
      return sendWritten(reply, 201, api, type, await api.pipeline.create(type, obj, ctx), ctx);
    }
    if (path.name === undefined) throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
    if (req.method === 'PUT') {
      if (path.subresource === 'scale') return send(reply, 200, await updateScale(api, type, namespace, path.name, req.body, ctx), ctx);
      if (path.subresource === 'finalize') return send(reply, 200, withTypeMeta(type, await finalizeNamespace(api, type, path.name, req.body, ctx)), ctx);
      const obj = decodeObject(req.body, type, { namespace, name: path.name });
      const result = await api.pipeline.update(type, obj, ctx, path.subresource);
      return sendWritten(reply, result.created ? 201 : 200, api, type, result.object, ctx);
    }
    if (req.method === 'PATCH') {
      const patchType = mediaType(req.headers['content-type']);
      if (!isPatchType(patchType)) {
        throw new ApiError('UnsupportedMediaType', `the server does not support the patch type "${patchType}": use application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json or application/apply-patch+yaml`);
      }
      if (path.subresource === 'scale') {
        return send(reply, 200, await patchScale(api, type, namespace, path.name, patchType, req.body, ctx), ctx);
      }
      const result = await patchObject(api, { type, namespace, name: path.name, subresource: path.subresource }, patchType, req.body, ctx);
      return sendWritten(reply, result.created ? 201 : 200, api, type, result.object, ctx);
    }
    throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
  };
  for (const prefix of ['/api/*', '/apis/*']) {
    app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: prefix, handler });
  }
}

function resolveTarget(api: ApiContext, url: string): Target {
  const path = parseResourcePath(url);
  if (path === undefined) throw new ApiError('NotFound', NOT_FOUND);
  const type = api.registry.lookup(path.group, path.version, path.plural);
  if (type === undefined) throw new ApiError('NotFound', NOT_FOUND);
  if (!type.namespaced && path.namespace !== undefined) throw new ApiError('NotFound', NOT_FOUND);
  if (type.namespaced && path.namespace === undefined && path.name !== undefined) throw new ApiError('NotFound', NOT_FOUND);
  if (path.subresource !== undefined && !type.subresources.includes(path.subresource as Subresource) && !isNamespaceFinalize(type, path.subresource)) {
    throw new ApiError('NotFound', NOT_FOUND);
  }
  return { type, path };
}

/** namespaces/NAME/finalize takes PUT only, as kube-apiserver's FinalizeREST (an Updater, no Getter). */
function isNamespaceFinalize(type: ResourceType, subresource: string): boolean {
  return subresource === 'finalize' && isNamespaceType(type);
}

function send(reply: FastifyReply, status: number, body: unknown, ctx?: WriteContext): void {
  sendJson(reply, status, JSON.stringify(body), ctx);
}

/** A write's answer: the object it wrote, from the text it stored when the store still holds it (see ObjectStore.writtenJson). */
function sendWritten(reply: FastifyReply, status: number, api: ApiContext, type: ResourceType, written: KubeObject, ctx: WriteContext): void {
  sendJson(reply, status, api.store.writtenJson(written, storedPrefixOf(type)) ?? JSON.stringify(withTypeMeta(type, written)), ctx);
}

function sendJson(reply: FastifyReply, status: number, json: string, ctx?: WriteContext): void {
  if (ctx !== undefined && ctx.warnings.length > 0) {
    reply.header('Warning', [...new Set(ctx.warnings)].map((w) => `299 - ${JSON.stringify(w)}`));
  }
  reply.code(status).type('application/json').send(json);
}
