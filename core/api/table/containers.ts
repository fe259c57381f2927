import { arr, str } from './fields.ts';

/** The CONTAINERS and IMAGES wide cells of workload printers (layoutContainerCells). */
export function layoutContainerCells(containers: unknown[]): { names: string; images: string } {
  return {
    names: containers.map((c) => str(c, 'name') ?? '').join(','),
    images: containers.map((c) => str(c, 'image') ?? '').join(','),
  };
}

/** Containers of a pod template at `<obj>.spec.template.spec.containers`. */
export function templateContainers(obj: unknown): unknown[] {
  return arr(obj, 'spec', 'template', 'spec', 'containers');
}
