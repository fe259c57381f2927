import { ResourceRegistry } from '../registry.ts';
import { appsAndMoreKinds } from './apps-and-more.ts';
import { certificatesKinds } from './certificates-kinds.ts';
import { coreV1Kinds } from './core-v1.ts';
import { kubernelKinds } from './kubernel-kinds.ts';
import { policyKinds } from './policy-kinds.ts';

/** Every built-in kind, core/v1 first as discovery lists it. */
export function builtinRegistry(): ResourceRegistry {
  return new ResourceRegistry([...coreV1Kinds(), ...appsAndMoreKinds(), ...certificatesKinds(), ...policyKinds(), ...kubernelKinds()]);
}
