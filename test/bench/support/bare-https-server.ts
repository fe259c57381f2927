import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

/**
 * The reference server of the create and GET phases, run as its own process:
 * bare fastify over the same TLS certificate, answering every GET with the
 * same bytes the API server sent for one ConfigMap, and every POST with 201
 * and its parsed JSON body serialised again (what a create's answer costs,
 * without admission or a store). Its rates are the ceiling this machine and
 * load generator allow, measured in the same run.
 * Arguments: PORT CERT_FILE KEY_FILE BODY_FILE. Prints "ready" once listening.
 */
const [port, certFile, keyFile, bodyFile] = process.argv.slice(2);
if (port === undefined || certFile === undefined || keyFile === undefined || bodyFile === undefined) {
  process.stderr.write('usage: bare-https-server.ts PORT CERT_FILE KEY_FILE BODY_FILE\n');
  process.exit(2);
}
const body = readFileSync(bodyFile, 'utf8');
const app = Fastify({
  https: { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') },
  keepAliveTimeout: 75_000,
  forceCloseConnections: true,
});
app.get('/*', async (_request, reply) => reply.code(200).type('application/json').send(body));
app.post('/*', async (request, reply) => reply.code(201).type('application/json').send(JSON.stringify(request.body)));
await app.listen({ host: '127.0.0.1', port: Number(port) });
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
