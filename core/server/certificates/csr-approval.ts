/**
 * The `approval` subresource of CertificateSigningRequests (what `kubectl
 * certificate approve|deny` writes): only status.conditions change, each new
 * condition stamped with its update and transition time (csrApprovalStrategy).
 * A route of its own, ahead of the generic resource routes: the ResourceType
 * has no such subresource.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../../api/errors.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { rfc3339 } from '../../store/object-meta.ts';
import { decodeObject } from '../admission/decode-object.ts';
import { writeContext } from '../admission/write-context.ts';
import type { ApiContext } from '../handlers/context.ts';
import { withTypeMeta } from '../handlers/read.ts';
import type { Query } from '../query.ts';
import { CSR_GROUP, CSR_PLURAL } from './csr-requestor.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

export function registerCsrApprovalRoute(app: FastifyInstance, api: ApiContext): void {
  const url = `/apis/${CSR_GROUP}/v1/${CSR_PLURAL}/:name/approval`;
  app.get<{ Params: { name: string } }>(url, async (req, reply) => {
    const type = csrType(api);
    sendObject(reply, withTypeMeta(type, await api.store.get(type, undefined, req.params.name)));
  });
  app.put<{ Params: { name: string } }>(url, async (req, reply) => {
    const type = csrType(api);
    const { name } = req.params;
    const input = decodeObject(req.body, type, { namespace: undefined, name });
    const ctx = writeContext(req.query as Query, req.headers['user-agent'], api.now());
    const updated = await api.store.guaranteedUpdate(
      type,
      undefined,
      name,
      (current) => api.pipeline.prepareUpdate(type, withApproval(current, input, ctx.now), current, ctx, 'status', 'body'),
      { dryRun: ctx.dryRun },
    );
    sendObject(reply, withTypeMeta(type, updated));
  });
}

/** The stored request with the body's conditions, and the body's resourceVersion as the precondition. */
export function withApproval(current: KubeObject, input: KubeObject, now: Date): KubeObject {
  const next = cloneJson(current);
  const pinned = input.metadata.resourceVersion;
  if (pinned !== undefined && pinned !== '') next.metadata.resourceVersion = pinned;
  const status = isRecord(next['status']) ? next['status'] : {};
  const inputStatus = isRecord(input['status']) ? input['status'] : {};
  const conditions = Array.isArray(inputStatus['conditions']) ? cloneJson(inputStatus['conditions']) : [];
  stampConditionTimes(conditions, conditionsOf(current), rfc3339(now));
  if (conditions.length > 0) status['conditions'] = conditions;
  else delete status['conditions'];
  next['status'] = status;
  return next;
}

/**
 * populateConditionTimestamps: lastUpdateTime defaults to now; lastTransitionTime
 * to that of the stored condition of the same type and status, else now.
 */
function stampConditionTimes(conditions: unknown[], old: Record<string, unknown>[], now: string): void {
  for (const condition of conditions) {
    if (!isRecord(condition)) continue;
    if (!isSet(condition['lastUpdateTime'])) condition['lastUpdateTime'] = now;
    if (isSet(condition['lastTransitionTime'])) continue;
    const status = isSet(condition['status']) ? condition['status'] : 'True';
    const same = old.find((o) => o['type'] === condition['type'] && (isSet(o['status']) ? o['status'] : 'True') === status && isSet(o['lastTransitionTime']));
    condition['lastTransitionTime'] = same?.['lastTransitionTime'] ?? now;
  }
}

function conditionsOf(obj: KubeObject): Record<string, unknown>[] {
  const status = obj['status'];
  return isRecord(status) && Array.isArray(status['conditions']) ? status['conditions'].filter(isRecord) : [];
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function csrType(api: ApiContext): ResourceType {
  const type = api.registry.lookup(CSR_GROUP, 'v1', CSR_PLURAL);
  if (type === undefined) throw new ApiError('NotFound', 'the server could not find the requested resource');
  return type;
}

function sendObject(reply: FastifyReply, body: unknown): void {
  reply.code(200).type('application/json').send(JSON.stringify(body));
}
