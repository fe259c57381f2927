import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../api/errors.ts';
import { PUBLIC_PATHS } from './routes/system.ts';

/** Compares in constant time so response timing does not reveal how much of a guess was right. */
function sameToken(given: string, expected: Buffer): boolean {
  const buffer = Buffer.from(given);
  return buffer.length === expected.length && timingSafeEqual(buffer, expected);
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
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const given = match?.[1];
    if (given !== undefined && tokens().some((t) => sameToken(given, Buffer.from(t)))) return;
    throw new ApiError('Unauthorized', 'Unauthorized');
  });
}
