import fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.ts';
import type { BootstrapTokenAuthenticator } from '../auth/bootstrap-token-authenticator.ts';
import { authenticatedUser } from '../auth/user-info.ts';
import { registerAuthentication } from './auth.ts';
import { registerErrorHandler } from './error-handler.ts';

const ADMIN = 'admin-token';
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** An app with the authentication hook, a bootstrap token `abcdef.0123456789abcdef` that is looked up asynchronously, and a few routes. */
async function appWithAuthentication(): Promise<FastifyInstance> {
  const server = fastify();
  registerErrorHandler(server, 1024);
  const bootstrap = {
    authenticate: async (token: string) => (token === 'abcdef.0123456789abcdef' ? authenticatedUser('system:bootstrap:abcdef', ['system:bootstrappers']) : undefined),
  } as unknown as BootstrapTokenAuthenticator;
  registerAuthentication(server, { tokens: () => [ADMIN], bootstrap });
  server.get('/healthz', async () => 'ok');
  server.get('/api/v1/namespaces/default/pods', async (req) => ({ user: req.user?.name }));
  server.get('/api/v1/fails', () => {
    throw new ApiError('Conflict', 'the handler failed');
  });
  app = server;
  return server;
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

describe('registerAuthentication', () => {
  it('admits the admin token at once, and names the user for the handler', async () => {
    const server = await appWithAuthentication();
    const response = await server.inject({ method: 'GET', url: '/api/v1/namespaces/default/pods', headers: bearer(ADMIN) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ user: 'kubernel-admin' });
  });

  it('answers 401 without credentials, and lets the public paths through', async () => {
    const server = await appWithAuthentication();
    expect((await server.inject({ method: 'GET', url: '/api/v1/namespaces/default/pods' })).statusCode).toBe(401);
    expect((await server.inject({ method: 'GET', url: '/api/v1/namespaces/default/pods', headers: bearer('wrong') })).statusCode).toBe(401);
    expect((await server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('waits for a bootstrap token lookup, then lets the authorizer refuse what a bootstrapper may not do', async () => {
    const server = await appWithAuthentication();
    const response = await server.inject({ method: 'GET', url: '/api/v1/namespaces/default/pods', headers: bearer('abcdef.0123456789abcdef') });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ reason: 'Forbidden' });
  });

  it('passes a handler error on as the handler threw it, not as a refusal', async () => {
    const server = await appWithAuthentication();
    const response = await server.inject({ method: 'GET', url: '/api/v1/fails', headers: bearer(ADMIN) });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ reason: 'Conflict', message: 'the handler failed' });
  });
});
