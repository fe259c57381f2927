import { deepFreeze } from '../../../api/types/deep-freeze.ts';

/**
 * Parts of pod views shared by their text. Pods made from one template
 * carry equal tolerations, node selectors and affinity terms, and the
 * scheduler keeps a view of every pod: pods alike share one frozen copy,
 * which the plugins' caches then know by its identity (one compiled node
 * matcher for a thousand replicas, not one each). Past `kept` texts the
 * table starts over; values handed out stay valid, only new ones stop
 * being shared with them.
 */
export class SharedByText<T> {
  private readonly values = new Map<string, T>();

  constructor(private readonly kept: number) {}

  /** the shared value whose text is `text`: when there is none yet, what `make` returns, frozen (so it must be a value of its own) */
  share(text: string, make: () => T): T {
    const shared = this.values.get(text);
    if (shared !== undefined) return shared;
    if (this.values.size >= this.kept) this.values.clear();
    const frozen = deepFreeze(make());
    this.values.set(text, frozen);
    return frozen;
  }
}
