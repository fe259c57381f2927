import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../api/errors.ts';
import { PUBLIC_PATHS } from './routes/system.ts';

/**
 * Whether an Authorization header carries one of the tokens, compared in
 * constant time so response timing does not reveal how much of a guess was
 * right. Also used for upgrades, which never reach fastify's hooks.
 */
export function bearerTokenAccepted(header: string | undefined, tokens: readonly string[]): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  const buffer = Buffer.from(given);
  return tokens.some((t) => {
    const expected = Buffer.from(t);
    return buffer.length === expected.length && timingSafeEqual(buffer, expected);
  });
}

/**
 * Bearer-token authentication: every request but the health and version
 * endpoints needs a known token, else 401 Unauthorized as kube-apiserver sends it.
 */
export function registerAuthentication(app: FastifyInstance, tokens: () => readonly string[]): void {
  app.addHook('onRequest', async (req) => {
    const path = req.url.split('?', 1)[0] ?? '';
    if (PUBLIC_PATHS.has(path)) return;
    const header = req.headers.authorization ?? '';
    if (bearerTokenAccepted(header, tokens())) return;
    throw new ApiError('Unauthorized', 'Unauthorized');
  });
}
