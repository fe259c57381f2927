import { isApiError } from '../../api/errors.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { SchedulingStatus, type BindPlugin, type CycleState, type PodInfo } from '../../contracts/scheduling.ts';

/** The last bind plugin: POST pods/NAME/binding with a v1 Binding, as kube-scheduler's DefaultBinder. */
export class DefaultBinder implements BindPlugin {
  readonly name = 'DefaultBinder';

  constructor(private readonly client: ApiClient) {}

  async bind(_state: CycleState, pod: PodInfo, nodeName: string): Promise<SchedulingStatus> {
    try {
      await this.client.createSubresource(Resources.pods, pod.namespace, pod.name, 'binding', {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: pod.name, namespace: pod.namespace, uid: pod.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
      });
      return SchedulingStatus.success;
    } catch (error) {
      if (isApiError(error)) return SchedulingStatus.error(error.message);
      throw error;
    }
  }
}
