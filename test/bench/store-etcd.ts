import { Etcd3 } from 'etcd3';
import { summarize } from './support/percentiles.ts';
import { isListening } from './support/ports.ts';
import { progress, round } from './support/progress.ts';
import { runLoad } from './support/load.ts';
import type { PhaseLimits } from './store-requests.ts';
import { configMapJson } from './store-objects.ts';

const ETCD_HOST = '127.0.0.1';
const ETCD_PORT = 2379;

export interface EtcdPeerPlan {
  sequential: PhaseLimits;
  concurrent: PhaseLimits;
}

/**
 * The side-by-side peer: the same 1 KiB values put straight into etcd with
 * the npm `etcd3` client, as the anchor figures were measured. Only a local
 * etcd already answering on 127.0.0.1:2379 is used; without one the figures
 * are `"etcd":"unavailable"`. Its keys live under a run-unique prefix that is
 * deleted afterwards.
 */
export async function etcdPeer(plan: EtcdPeerPlan): Promise<Record<string, unknown>> {
  if (!(await isListening(ETCD_HOST, ETCD_PORT))) {
    progress(`store: no etcd on ${ETCD_HOST}:${ETCD_PORT}; the peer figures are skipped`);
    return { etcd: 'unavailable' };
  }
  const client = new Etcd3({ hosts: `http://${ETCD_HOST}:${ETCD_PORT}`, dialTimeout: 3_000 });
  const prefix = `/kubernel-bench/${process.pid}-${Date.now()}/`;
  try {
    const put = async (name: string, value: string): Promise<void> => {
      await client.put(`${prefix}${name}`).value(value).exec();
    };
    const values = (name: string, count: number): string[] => Array.from({ length: count }, (_, i) => configMapJson(`${name}-${i}`));
    await runLoad({ count: 200, concurrency: 8, timeLimitMs: 30_000, op: (i) => put(`warm-${i}`, configMapJson(`warm-${i}`)) });

    const seqValues = values('seq', plan.sequential.count);
    progress(`store: etcd ${plan.sequential.count} sequential puts`);
    const seq = await runLoad({ ...plan.sequential, op: (i) => put(`seq-${i}`, seqValues[i] ?? '') });
    const concValues = values('conc', plan.concurrent.count);
    progress(`store: etcd ${plan.concurrent.count} puts at ${plan.concurrent.concurrency} concurrent`);
    const conc = await runLoad({ ...plan.concurrent, op: (i) => put(`conc-${i}`, concValues[i] ?? '') });
    const seqLatency = summarize(seq.latenciesMs);
    const concLatency = summarize(conc.latenciesMs);
    return {
      etcdSeqPuts: seq.done,
      etcdSeqPutsPerSec: round(seq.perSec),
      etcdSeqP50Ms: round(seqLatency.p50),
      etcdConcPuts: conc.done,
      etcdConcPutsPerSec: round(conc.perSec),
      etcdConcP99Ms: round(concLatency.p99),
    };
  } finally {
    await client
      .delete()
      .prefix(prefix)
      .exec()
      .catch(() => undefined);
    client.close();
  }
}
