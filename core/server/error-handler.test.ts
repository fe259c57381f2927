import fastify from 'fastify';
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
});
