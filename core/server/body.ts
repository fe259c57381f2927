import type { FastifyInstance } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../api/errors.ts';
import { decodeKubernetesProtobuf, PROTOBUF_MEDIA_TYPE } from './protobuf/decode.ts';

/** Aliases expand on parse; a handful is plenty for a manifest, more is an alias bomb. */
const MAX_YAML_ALIASES = 100;

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;
export type PatchType = (typeof PATCH_TYPES)[number];

export function isPatchType(value: string): value is PatchType {
  return (PATCH_TYPES as readonly string[]).includes(value);
}

/** Media type without parameters, lower case: `application/json; charset=utf-8` -> `application/json`. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

export function parseJsonBody(text: string): unknown {
  // Clients such as client-node send DELETE with a JSON content type and no body.
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf: ${(error as Error).message}`);
  }
}

export function parseYamlBody(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: MAX_YAML_ALIASES, uniqueKeys: true });
  } catch (error) {
    throw badRequest(`error converting YAML to JSON: ${(error as Error).message}`);
  }
}

/**
 * Registers the media types Kubernetes accepts. Bodies arrive as text and are
 * parsed here so that every malformed body becomes a 400 Status, and every
 * other media type a 415.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  const json = ['application/json', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];
  app.addContentTypeParser(json, { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(String(body)));
    } catch (error) {
      done(error as ApiError, undefined);
    }
  });
  app.addContentTypeParser(['application/yaml', 'application/apply-patch+yaml'], { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseYamlBody(String(body)));
    } catch (error) {
      done(error as ApiError, undefined);
    }
  });
  // client-go's typed clients (kubectl create configmap|secret|namespace...) send built-in kinds as protobuf.
  app.addContentTypeParser(PROTOBUF_MEDIA_TYPE, { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, decodeKubernetesProtobuf(typeof body === 'string' ? Buffer.from(body) : body));
    } catch (error) {
      done(error as ApiError, undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    const type = mediaType(req.headers['content-type']);
    // kube-apiserver decodes a body without Content-Type with its first media type, JSON; client-go's scale client sends none.
    if (type === '') {
      try {
        done(null, parseJsonBody(String(body)));
      } catch (error) {
        done(error as ApiError, undefined);
      }
      return;
    }
    done(new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml; got "${type}"`), undefined);
  });
}
