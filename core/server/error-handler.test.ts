import { Writable } from 'node:stream';
import fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.ts';
import { registerErrorHandler } from './error-handler.ts';
import { budgetBeingProcessed } from './handlers/eviction-budget.ts';

async function answer(error: Error): Promise<{ status: number; retryAfter: string | undefined; body: Record<string, unknown> }> {
  const app = fastify();
  registerErrorHandler(app, 1024);
  app.get('/fail', () => {
    throw error;
  });
  const response = await app.inject({ method: 'GET', url: '/fail' });
  await app.close();
  const header = response.headers['retry-after'];
  return { status: response.statusCode, retryAfter: typeof header === 'string' ? header : undefined, body: response.json<Record<string, unknown>>() };
}

describe('registerErrorHandler', () => {
  it('sends a Status whose details say when to retry with a Retry-After header, as kube-apiserver does', async () => {
    const result = await answer(budgetBeingProcessed('web'));
    expect(result.status).toBe(429);
    expect(result.retryAfter).toBe('10');
    expect(result.body).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', details: { retryAfterSeconds: 10 } });
  });

  it('sends no Retry-After for a Status without one', async () => {
    const result = await answer(new ApiError('NotFound', 'pods "web" not found'));
    expect(result.status).toBe(404);
    expect(result.retryAfter).toBeUndefined();
  });

  it('logs an unexpected failure with the request it failed, though no logger is made per request', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    // As buildApiServer makes it: pino's own Logger type is narrower than fastify's base logger.
    const app = fastify({ loggerInstance: pino(sink), childLoggerFactory: (logger) => logger, disableRequestLogging: true }) as unknown as FastifyInstance;
    registerErrorHandler(app, 1024);
    app.get('/broken', () => {
      throw new Error('a bug');
    });
    const response = await app.inject({ method: 'GET', url: '/broken?x=1' });
    await app.close();
    expect(response.statusCode).toBe(500);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'request failed');
    expect(logged).toMatchObject({ reqId: expect.stringMatching(/^req-/), method: 'GET', url: '/broken?x=1', err: { message: 'a bug' } });
  });
});
