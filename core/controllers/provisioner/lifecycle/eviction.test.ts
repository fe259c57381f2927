import { describe, expect, it } from 'vitest';
import { ApiError, notFound } from '../../../api/errors.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import { fakeClient } from '../../replicaset/test-fixtures.ts';
import { evictPod } from './eviction.ts';

/** A client whose only working call is the eviction subresource, answering as told and recording the body. */
function clientAnswering(answer: () => Promise<unknown>, bodies: unknown[] = []): ApiClient {
  return fakeClient({
    createSubresource: (_resource, _namespace, _name, subresource, body) => {
      bodies.push({ subresource, body });
      return answer();
    },
  });
}

describe('evictPod', () => {
  it('posts a policy/v1 Eviction to pods/NAME/eviction', async () => {
    const bodies: unknown[] = [];
    expect(await evictPod(clientAnswering(() => Promise.resolve({}), bodies), 'default', 'web')).toEqual({ kind: 'evicted' });
    expect(bodies).toEqual([{ subresource: 'eviction', body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web', namespace: 'default' } } }]);
  });

  it.each<[string, () => Promise<unknown>, unknown]>([
    [
      'a PodDisruptionBudget refusing (429) blocks, with the message naming the budget',
      () =>
        Promise.reject(
          new ApiError('TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {}, [
            { reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 1 healthy pods and has 1 currently' },
          ]),
        ),
      { kind: 'blocked', message: "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web-pdb needs 1 healthy pods and has 1 currently" },
    ],
    ['a pod already gone counts as gone', () => Promise.reject(notFound('pods', '', 'web')), { kind: 'gone' }],
  ])('%s', async (_what, answer, outcome) => {
    expect(await evictPod(clientAnswering(answer), 'default', 'web')).toEqual(outcome);
  });

  it('does not take a server without the eviction subresource for a drained pod', async () => {
    const missing = (): Promise<unknown> => Promise.reject(new ApiError('NotFound', 'the server could not find the requested resource'));
    await expect(evictPod(clientAnswering(missing), 'default', 'web')).rejects.toThrow('could not find the requested resource');
  });
});
