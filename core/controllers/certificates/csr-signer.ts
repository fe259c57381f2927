/**
 * csrsigning for kubernetes.io/kube-apiserver-client-kubelet: an approved,
 * not failed request gets status.certificate, signed by the cluster CA
 * (the signer function the control plane hands in). A request that is no
 * kubelet client request gets a Failed condition instead, as Kubernetes'
 * signer gives it.
 */
import { hasTrueCondition, issuedCertificate, KUBE_APISERVER_CLIENT_KUBELET_SIGNER, signerNameOf, usagesOf } from '../../api/kinds/certificatesigningrequest/csr-fields.ts';
import { num, arr } from '../../api/table/fields.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { CertificateSigner } from '../../auth/pki/ca-signer.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { rfc3339 } from '../../store/object-meta.ts';
import { Controller } from '../framework/controller.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { DONE, objectKeyOf, TerminalError, type Reconciler, type Result } from '../framework/result.ts';
import { kubeletClientRequestProblem, requestOf } from './kubelet-client-request.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

export interface CsrSigningOptions {
  sign: CertificateSigner;
  /** the signer this controller serves; default kubernetes.io/kube-apiserver-client-kubelet */
  signerName?: string;
  now?: () => Date;
}

export class CsrSigningReconciler implements Reconciler {
  readonly name = 'csrsigning';
  private readonly signerName: string;
  private readonly now: () => Date;

  constructor(
    private readonly client: ApiClient,
    private readonly csrs: IndexedCache,
    private readonly options: CsrSigningOptions,
  ) {
    this.signerName = options.signerName ?? KUBE_APISERVER_CLIENT_KUBELET_SIGNER;
    this.now = options.now ?? (() => new Date());
  }

  async reconcile(key: string): Promise<Result> {
    const csr = this.csrs.get(key);
    if (csr === undefined || issuedCertificate(csr) !== '') return DONE;
    if (!hasTrueCondition(csr, 'Approved') || hasTrueCondition(csr, 'Denied') || hasTrueCondition(csr, 'Failed')) return DONE;
    if (signerNameOf(csr) !== this.signerName) return DONE;
    const request = requestOf(csr);
    if (!request.ok) throw new TerminalError(`unable to parse csr "${key}": ${request.error}`, 'ParseFailed');
    const problem = kubeletClientRequestProblem(request.value, usagesOf(csr));
    if (problem !== undefined) {
      await this.writeStatus(csr, (status) => {
        const at = rfc3339(this.now());
        const failed = { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: problem, lastUpdateTime: at, lastTransitionTime: at };
        status['conditions'] = [...arr(status, 'conditions'), failed];
      });
      return DONE;
    }
    const expirationSeconds = num(csr, 'spec', 'expirationSeconds');
    const pem = await this.options.sign({ request: request.value, usages: usagesOf(csr), ...(expirationSeconds === undefined ? {} : { expirationSeconds }) });
    await this.writeStatus(csr, (status) => {
      status['certificate'] = Buffer.from(pem, 'utf8').toString('base64');
    });
    return DONE;
  }

  private async writeStatus(csr: KubeObject, change: (status: Record<string, unknown>) => void): Promise<void> {
    const next = cloneJson(csr);
    const status = isRecord(next['status']) ? next['status'] : {};
    change(status);
    next['status'] = status;
    await this.client.update(Resources.certificateSigningRequests, next, { subresource: 'status' });
  }
}

export function setupCsrSigningController(ctx: ControllerContext, options: CsrSigningOptions): Controller {
  const informer = ctx.informers.forResource(Resources.certificateSigningRequests);
  const logger = ctx.logger.child({ controller: 'csrsigning' });
  const controller = new Controller(new CsrSigningReconciler(ctx.client, informer.cache, options), { logger });
  const enqueue = (csr: KubeObject): void => controller.enqueue(objectKeyOf(csr.metadata));
  informer.addHandlers({ onAdd: enqueue, onUpdate: (_old, csr) => enqueue(csr) });
  return controller;
}
