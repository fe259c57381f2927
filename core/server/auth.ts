import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../api/errors.ts';
import { authorize, forbiddenError, mayMakeAnyRequest } from '../auth/authorizer.ts';
import { requestAttributes } from '../auth/request-attributes.ts';
import { bearerToken, createRequestAuthenticator, matchesAnyToken, type RequestAuthenticatorOptions } from '../auth/request-authenticator.ts';
import type { UserInfo } from '../auth/user-info.ts';
import { PUBLIC_PATHS } from './routes/system.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** who sent the request (kube-apiserver's user.Info in the request context); null on the public paths */
    user: UserInfo | null;
  }
}

/**
 * Whether an Authorization header carries one of the tokens, compared in
 * constant time so response timing does not reveal how much of a guess was
 * right. Also used for upgrades, which never reach fastify's hooks.
 */
export function bearerTokenAccepted(header: string | undefined, tokens: readonly string[]): boolean {
  const given = bearerToken(header);
  return given !== undefined && matchesAnyToken(given, tokens);
}

/**
 * Authentication, then authorization, before any handler: every request but
 * the health and version endpoints needs a client certificate of the cluster
 * CA, the admin token or a valid bootstrap token, else 401 Unauthorized as
 * kube-apiserver sends it; a request its user may not make is 403 Forbidden.
 * The user is `req.user` for the handlers. A bare token list means the
 * static tokens only.
 */
export function registerAuthentication(app: FastifyInstance, options: RequestAuthenticatorOptions | (() => readonly string[])): void {
  const authenticate = createRequestAuthenticator(typeof options === 'function' ? { tokens: options } : options);
  app.decorateRequest('user', null);
  // A callback hook, not an async one: most requests are authenticated without waiting, and need no promise.
  app.addHook('onRequest', (req, _reply, done) => {
    const path = req.url.split('?', 1)[0] ?? '';
    if (PUBLIC_PATHS.has(path)) {
      done();
      return;
    }
    const user = authenticate({ authorization: req.headers.authorization, socket: req.raw.socket });
    if (user instanceof Promise) user.then((found) => admitAndGoOn(req, found, done), (error: unknown) => done(asError(error)));
    else admitAndGoOn(req, user, done);
  });
}

/**
 * Admits the request's user and lets the request go on, or ends it with the
 * refusal. Module level, not an arrow in the hook: tsx (esbuild keepNames)
 * names an arrow declared inside a function on every call, every request.
 */
function admitAndGoOn(req: FastifyRequest, user: UserInfo | undefined, done: (error?: Error) => void): void {
  let refusal: Error | undefined;
  try {
    admitUser(req, user);
  } catch (error) {
    refusal = asError(error);
  }
  // Outside the try: what runs after this hook must not be taken for a refusal.
  done(refusal);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Sets `req.user`, or throws 401 without one and 403 when it may not make the request. */
function admitUser(req: FastifyRequest, user: UserInfo | undefined): void {
  if (user === undefined) throw new ApiError('Unauthorized', 'Unauthorized');
  req.user = user;
  if (mayMakeAnyRequest(user)) return;
  const attributes = requestAttributes(req.method, req.url, user);
  if (!authorize(attributes).allowed) throw forbiddenError(attributes);
}
