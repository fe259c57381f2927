import { ResourceRegistry } from '../registry.ts';
import { appsAndMoreKinds } from './apps-and-more.ts';
import { coreV1Kinds } from './core-v1.ts';

/** Every built-in kind, core/v1 first as discovery lists it. */
export function builtinRegistry(): ResourceRegistry {
  return new ResourceRegistry([...coreV1Kinds(), ...appsAndMoreKinds()]);
}
