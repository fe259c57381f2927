import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../api/errors.ts';
import type { ResourceRegistry } from '../../api/registry.ts';
import { openApiV2Document } from '../../api/schema/openapi-v2.ts';
import { openApiV3Document, openApiV3Paths } from '../../api/schema/openapi-v3.ts';

/**
 * /openapi/v3 (index and one document per group version) and /openapi/v2.
 * kubectl reads v3 to learn that the server validates fields itself
 * (`fieldValidation`), and `kubectl explain` reads the schemas.
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
  app.get('/openapi/v2', async (req, reply) => {
    if ((req.headers.accept ?? '').includes('protobuf') && !(req.headers.accept ?? '').includes('json')) {
      // kubectl's v2 client wants protobuf only; 406 sends it to OpenAPI v3 and its built-in types.
      throw new ApiError('NotAcceptable', 'only application/json is served for /openapi/v2');
    }
    return reply.type('application/json').send(cached('v2', () => openApiV2Document(groupVersions())));
  });
}
