import type { CertificateSigner } from '../../auth/pki/ca-signer.ts';
import { setupTokenCleaner } from '../bootstrap/token-cleaner.ts';
import type { ControllerManager } from '../framework/manager.ts';
import { setupCsrApprovingController } from './csr-approver.ts';
import { setupCsrSigningController } from './csr-signer.ts';

export interface NodeBootstrapControllersOptions {
  /** the cluster CA's signer; without it no certificate is issued (kube-controller-manager without --cluster-signing-*-file) */
  sign?: CertificateSigner;
}

/** What TLS bootstrapping of nodes needs of kube-controller-manager: tokencleaner, csrapproving, csrsigning. */
export function addNodeBootstrapControllers(manager: ControllerManager, options: NodeBootstrapControllersOptions): void {
  manager.add((ctx) => setupTokenCleaner(ctx));
  manager.add((ctx) => setupCsrApprovingController(ctx));
  const sign = options.sign;
  if (sign !== undefined) manager.add((ctx) => setupCsrSigningController(ctx, { sign }));
}
