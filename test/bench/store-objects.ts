/** The namespace every store benchmark object lives in. */
export const BENCH_NAMESPACE = 'bench';
/** The size of each ConfigMap as the client sends it, and of each etcd value. */
export const OBJECT_BYTES = 1024;

const PAYLOAD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * A ConfigMap whose JSON is OBJECT_BYTES long (ASCII, so bytes = characters):
 * the data value is padded to fit around the name and annotations.
 */
export function configMapJson(name: string, annotations: Record<string, string> = {}): string {
  const shell = (payload: string): string =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: BENCH_NAMESPACE, labels: { app: 'kubernel-bench' }, annotations },
      data: { payload },
    });
  const room = OBJECT_BYTES - shell('').length;
  return shell(padding(Math.max(0, room)));
}

const paddings = new Map<number, string>();

function padding(length: number): string {
  const cached = paddings.get(length);
  if (cached !== undefined) return cached;
  let text = '';
  for (let i = 0; i < length; i++) text += PAYLOAD_ALPHABET[(i * 7 + 3) % PAYLOAD_ALPHABET.length];
  paddings.set(length, text);
  return text;
}
