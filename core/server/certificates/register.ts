import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../handlers/context.ts';
import { registerCsrApprovalRoute } from './csr-approval.ts';
import { registerCsrRequestor } from './csr-requestor.ts';

/** What certificates.k8s.io needs of the API server beyond the generic resource routes. */
export function registerCertificateSigningRoutes(app: FastifyInstance, api: ApiContext): void {
  registerCsrRequestor(app);
  registerCsrApprovalRoute(app, api);
}
