/** Start-up failures of the kernel, each with a stable code and a message that says what to do. */
export type KernelErrorCode =
  | 'KERNEL_ERR_CONFIG_READ'
  | 'KERNEL_ERR_CONFIG_SYNTAX'
  | 'KERNEL_ERR_CONFIG_INVALID'
  | 'KERNEL_ERR_UNKNOWN_PLUGIN'
  | 'KERNEL_ERR_PLUGIN_LOAD'
  | 'KERNEL_ERR_PLUGIN_SHAPE'
  | 'KERNEL_ERR_PLUGIN_OPTIONS'
  | 'KERNEL_ERR_DUPLICATE_PLUGIN'
  | 'KERNEL_ERR_MISSING_DEPENDENCY'
  | 'KERNEL_ERR_DEPENDENCY_CYCLE'
  | 'KERNEL_ERR_CONTRACT_VERSION'
  | 'KERNEL_ERR_DUPLICATE_CONTRIBUTION'
  | 'KERNEL_ERR_UNKNOWN_STORE_BACKEND'
  | 'KERNEL_ERR_LIFECYCLE';

export class KernelError extends Error {
  constructor(
    readonly code: KernelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KernelError';
  }
}
