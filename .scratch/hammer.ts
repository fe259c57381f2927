import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { Pool } from 'undici';
// usage: hammer.ts URL CA PATH COUNT CONC [TOKEN]
const [url, caFile, path, countS, concS, token] = process.argv.slice(2);
const pool = new Pool(url!, { connections: Number(concS), pipelining: 1, connect: { secureContext: createSecureContext({ ca: readFileSync(caFile!, 'utf8') }) } });
const count = Number(countS); let next = 0; let done = 0;
const headers: Record<string, string> = { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
async function worker(): Promise<void> {
  while (next < count) { next++; const r = await pool.request({ method: 'GET', path: path!, headers }); await r.body.dump(); if (r.statusCode !== 200) throw new Error(String(r.statusCode)); done++; }
}
for (let round = 0; round < 2; round++) {
  next = 0; done = 0; const t0 = performance.now(); const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: Number(concS) }, worker));
  const ms = performance.now() - t0; const cpu = process.cpuUsage(c0);
  console.log(JSON.stringify({ round, perSec: Math.round(done / ms * 1000), clientCpuUsPerReq: Math.round((cpu.user + cpu.system) / done) }));
}
await pool.close();
