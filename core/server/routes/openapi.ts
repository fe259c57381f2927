import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../api/errors.ts';
import type { ResourceRegistry } from '../../api/registry.ts';
import { openApiV2Document } from '../../api/schema/openapi-v2.ts';
import { encodeOpenApiV2Protobuf } from '../../api/schema/openapi-v2-protobuf.ts';
import { openApiV3Document, openApiV3Paths } from '../../api/schema/openapi-v3.ts';

/** The media type client-go asks `/openapi/v2` for (gnostic's openapi.v2.Document). */
const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/**
 * /openapi/v3 (index and one document per group version) and /openapi/v2.
 * kubectl reads v3 to learn that the server validates fields itself
 * (`fieldValidation`), and `kubectl explain` reads the schemas. kubectl reads v2, as
 * protobuf, to validate a `kind: List` on the client.
 */
export function registerOpenApiRoutes(app: FastifyInstance, registry: ResourceRegistry): void {
  const resourcesOf = (group: string, version: string): { kind: string; plural: string; namespaced: boolean; subresources: string[] }[] =>
    registry.inGroupVersion(group, version).map((t) => ({ kind: t.kind, plural: t.plural, namespaced: t.namespaced, subresources: [...t.subresources] }));
  const groupVersions = (): { group: string; version: string; resources: ReturnType<typeof resourcesOf> }[] =>
    registry.groupVersions().map((gv) => ({ ...gv, resources: resourcesOf(gv.group, gv.version) }));
  const cache = new Map<string, string>();
  const cached = (key: string, build: () => unknown): string => {
    let text = cache.get(key);
    if (text === undefined) {
      text = JSON.stringify(build());
      cache.set(key, text);
    }
    return text;
  };

  app.get('/openapi/v3', async (_req, reply) => reply.type('application/json').send(cached('v3', () => openApiV3Paths(groupVersions()))));
  app.get('/openapi/v3/*', async (req, reply) => {
    const path = (req.params as { '*': string })['*'];
    const parts = path.split('/');
    let group: string;
    let version: string;
    if (parts[0] === 'api' && parts.length === 2) [group, version] = ['', parts[1] ?? ''];
    else if (parts[0] === 'apis' && parts.length === 3) [group, version] = [parts[1] ?? '', parts[2] ?? ''];
    else throw new ApiError('NotFound', 'the server could not find the requested resource');
    if (registry.inGroupVersion(group, version).length === 0) throw new ApiError('NotFound', 'the server could not find the requested resource');
    return reply.type('application/json').send(cached(`v3/${group}/${version}`, () => openApiV3Document(group, version, resourcesOf(group, version))));
  });
  let v2Protobuf: Buffer | undefined;
  app.get('/openapi/v2', async (req, reply) => {
    const accept = req.headers.accept ?? '';
    // client-go's DiscoveryClient.OpenAPISchema asks for the gnostic protobuf form only.
    if (accept.includes(OPENAPI_V2_PROTOBUF) && !accept.includes('json')) {
      v2Protobuf ??= Buffer.from(encodeOpenApiV2Protobuf(openApiV2Document(groupVersions())));
      return reply.type(OPENAPI_V2_PROTOBUF).send(v2Protobuf);
    }
    return reply.type('application/json').send(cached('v2', () => openApiV2Document(groupVersions())));
  });
}
