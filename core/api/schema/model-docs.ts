/**
 * Descriptions and required fields of the generated models, read from the `.d.ts` files
 * `@kubernetes/client-node` ships next to each model (the runtime `attributeTypeMap` has
 * neither). They only enrich the OpenAPI documents (`kubectl explain` prints them), so a
 * missing or unreadable file simply yields no documentation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { modelAttributes } from './model-registry.ts';

export interface ModelDocs {
  description: string | undefined;
  /** JSON field name → description */
  fieldDescriptions: Map<string, string>;
  /** JSON field names declared without `?` */
  required: string[];
}

const EMPTY_DOCS: ModelDocs = { description: undefined, fieldDescriptions: new Map(), required: [] };
const docsCache = new Map<string, ModelDocs>();
let modelsDirectory: string | null | undefined;

function findModelsDirectory(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return dirname(require.resolve('@kubernetes/client-node/dist/gen/models/all.js'));
  } catch {
    return null;
  }
}

/** The text of a `/** ... *\/` block: leading asterisks gone, the generator's escapes undone. */
function commentText(block: string): string {
  return block
    .split('\n')
    .map((line) => line.trim().replace(/^\*\s?/, ''))
    .join(' ')
    .replace(/\\(['"])/g, '$1')
    .trim();
}

const CLASS_DOC = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class /;
const PROPERTY_DOC = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*'([^']+)'(\??):/g;
const UNDOCUMENTED_PROPERTY = /^\s*'([^']+)'(\??):/gm;

function parseDocs(className: string, source: string): ModelDocs {
  const baseNames = new Map((modelAttributes(className) ?? []).map((a) => [a.name, a.baseName]));
  const fieldDescriptions = new Map<string, string>();
  const required: string[] = [];
  for (const match of source.matchAll(PROPERTY_DOC)) {
    const baseName = match[2] === undefined ? undefined : baseNames.get(match[2]);
    if (baseName === undefined || match[1] === undefined) continue;
    const text = commentText(match[1]);
    if (text !== '') fieldDescriptions.set(baseName, text);
  }
  for (const match of source.matchAll(UNDOCUMENTED_PROPERTY)) {
    const baseName = match[1] === undefined ? undefined : baseNames.get(match[1]);
    if (baseName !== undefined && match[2] === '') required.push(baseName);
  }
  const classDoc = CLASS_DOC.exec(source)?.[1];
  const description = classDoc === undefined ? undefined : commentText(classDoc) || undefined;
  return { description, fieldDescriptions, required };
}

/** Documentation of a generated model class; empty when its declaration file cannot be read. */
export function modelDocs(className: string): ModelDocs {
  const cached = docsCache.get(className);
  if (cached) return cached;
  if (modelsDirectory === undefined) modelsDirectory = findModelsDirectory();
  let docs = EMPTY_DOCS;
  if (modelsDirectory !== null && /^[A-Za-z0-9]+$/.test(className)) {
    try {
      docs = parseDocs(className, readFileSync(join(modelsDirectory, `${className}.d.ts`), 'utf8'));
    } catch {
      docs = EMPTY_DOCS;
    }
  }
  docsCache.set(className, docs);
  return docs;
}
