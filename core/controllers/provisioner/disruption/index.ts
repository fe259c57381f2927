export { startDisruptionController, DISRUPTION_DEFAULTS, type DisruptionController, type DisruptionControllerDeps } from './controller.ts';
export { DisruptionKeys } from './resources.ts';
