import { ThrottledError, type NodeClaimSpec, type NodeProvider } from '../../contracts/node-provider.ts';

const MAX_ATTEMPTS = 5;

/** Launches one node, waiting out throttling as the provider asks; other refusals are the caller's to handle. */
export async function createWithRetry(provider: NodeProvider, claim: NodeClaimSpec, sleep = defaultSleep): Promise<{ providerId: string; nodeName: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await provider.create(claim);
    } catch (error) {
      if (!(error instanceof ThrottledError) || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(error.retryAfterMs);
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
