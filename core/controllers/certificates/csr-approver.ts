/**
 * csrapproving: approves kubelet client certificate requests by themselves.
 * A request for `O=system:nodes, CN=system:node:<name>` to the
 * kube-apiserver-client-kubelet signer is approved when it comes from a
 * bootstrap token (system:bootstrappers: "nodeclient"), or from the node that
 * the certificate names renewing its own (system:nodes: "selfnodeclient").
 * Kubernetes asks a SubjectAccessReview whether the requestor may; these are
 * the answers its default bindings give (see core/auth/authorizer.ts).
 */
import type { Logger } from 'pino';
import { hasTrueCondition, issuedCertificate, KUBE_APISERVER_CLIENT_KUBELET_SIGNER, signerNameOf, usagesOf } from '../../api/kinds/certificatesigningrequest/csr-fields.ts';
import type { CertificateRequest } from '../../api/kinds/certificatesigningrequest/certificate-request.ts';
import { rfc3339 } from '../../store/object-meta.ts';
import { arr, str } from '../../api/table/fields.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { SYSTEM_BOOTSTRAPPERS, SYSTEM_NODES } from '../../auth/user-info.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { Controller } from '../framework/controller.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { DONE, objectKeyOf, TerminalError, type Reconciler, type Result } from '../framework/result.ts';
import { kubeletClientRequestProblem, requestOf } from './kubelet-client-request.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

export const NODE_CLIENT_APPROVAL_MESSAGE = 'Auto approving kubelet client certificate after SubjectAccessReview.';
export const SELF_NODE_CLIENT_APPROVAL_MESSAGE = 'Auto approving self kubelet client certificate after SubjectAccessReview.';

interface Recognizer {
  /** the subresource Kubernetes' SubjectAccessReview asks about */
  permission: 'selfnodeclient' | 'nodeclient';
  recognize(csr: KubeObject, request: CertificateRequest): boolean;
  /** the requestor's groups allow it */
  allowed(groups: readonly string[]): boolean;
  message: string;
}

const isNodeClient = (csr: KubeObject, request: CertificateRequest): boolean =>
  signerNameOf(csr) === KUBE_APISERVER_CLIENT_KUBELET_SIGNER && kubeletClientRequestProblem(request, usagesOf(csr)) === undefined;

/** In Kubernetes' order: a node renewing its own certificate first. */
const RECOGNIZERS: Recognizer[] = [
  {
    permission: 'selfnodeclient',
    recognize: (csr, request) => isNodeClient(csr, request) && str(csr, 'spec', 'username') === request.commonName,
    allowed: (groups) => groups.includes(SYSTEM_NODES),
    message: SELF_NODE_CLIENT_APPROVAL_MESSAGE,
  },
  {
    permission: 'nodeclient',
    recognize: isNodeClient,
    allowed: (groups) => groups.includes(SYSTEM_BOOTSTRAPPERS),
    message: NODE_CLIENT_APPROVAL_MESSAGE,
  },
];

/** The Approved condition to add, or undefined when the request is not one to approve by itself. */
export function autoApproval(csr: KubeObject, now: Date): Record<string, unknown> | undefined {
  if (issuedCertificate(csr) !== '' || hasTrueCondition(csr, 'Approved') || hasTrueCondition(csr, 'Denied')) return undefined;
  const request = requestOf(csr);
  if (!request.ok) return undefined;
  const groups = arr(csr, 'spec', 'groups').filter((g): g is string => typeof g === 'string');
  for (const recognizer of RECOGNIZERS) {
    if (!recognizer.recognize(csr, request.value) || !recognizer.allowed(groups)) continue;
    const at = rfc3339(now);
    return { type: 'Approved', status: 'True', reason: 'AutoApproved', message: recognizer.message, lastUpdateTime: at, lastTransitionTime: at };
  }
  return undefined;
}

export class CsrApprovingReconciler implements Reconciler {
  readonly name = 'csrapproving';

  constructor(
    private readonly client: ApiClient,
    private readonly csrs: IndexedCache,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async reconcile(key: string): Promise<Result> {
    const csr = this.csrs.get(key);
    if (csr === undefined) return DONE;
    if (!requestOf(csr).ok) throw new TerminalError(`unable to parse csr "${key}"`, 'ParseFailed');
    const approval = autoApproval(csr, this.now());
    if (approval === undefined) return DONE;
    const next = cloneJson(csr);
    const status = isRecord(next['status']) ? next['status'] : {};
    status['conditions'] = [...arr(status, 'conditions'), approval];
    next['status'] = status;
    // The client has no approval subresource; the status write may add the condition (see validateCertificateSigningRequestUpdate).
    await this.client.update(Resources.certificateSigningRequests, next, { subresource: 'status' });
    return DONE;
  }
}

export function setupCsrApprovingController(ctx: ControllerContext, options: { now?: () => Date } = {}): Controller {
  const informer = ctx.informers.forResource(Resources.certificateSigningRequests);
  const logger: Logger = ctx.logger.child({ controller: 'csrapproving' });
  const controller = new Controller(new CsrApprovingReconciler(ctx.client, informer.cache, options.now), { logger });
  const enqueue = (csr: KubeObject): void => controller.enqueue(objectKeyOf(csr.metadata));
  informer.addHandlers({ onAdd: enqueue, onUpdate: (_old, csr) => enqueue(csr) });
  return controller;
}
