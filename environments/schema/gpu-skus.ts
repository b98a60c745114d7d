/**
 * GPU VM sizes we may run the model on, as Azure documents them.
 *
 * Source: Microsoft Learn, "Sizes for virtual machines in Azure" -> GPU accelerated
 * (NCads_H100_v5, ND_H100_v5, ND_H200_v5, NC_A100_v4, NDasrA100_v4, NDm_A100_v4, NCasT4_v3, NVadsA10_v5 pages)
 * and the quota family names `az vm list-usage` reports, checked 2026-11.
 * `zonal` is true where the size is offered in availability zones in the regions we use; Azure's per-region
 * offer can still differ, so the cluster construct only pins zones where this says so.
 */
export interface GpuSku {
  readonly vmSize: string;
  readonly gpuModel: string;
  readonly gpusPerVm: number;
  /** GPU memory of the whole VM (all its GPUs). */
  readonly gpuMemoryGiB: number;
  /** NVIDIA compute capability of the GPU (developer.nvidia.com/cuda-gpus): what precisions it runs. */
  readonly computeCapability: number;
  readonly vCpus: number;
  readonly memoryGiB: number;
  /** The compute-usage name that quota is counted under (vCPUs of this family). */
  readonly quotaFamily: string;
  readonly zonal: boolean;
  /**
   * Listed for Azure ML managed online deployments (Learn, "Managed online endpoints SKU list",
   * reference-managed-online-endpoints-vm-sku-list); a managed deployment may only use these.
   */
  readonly managedOnline: boolean;
}

export const GPU_SKUS: readonly GpuSku[] = [
  { vmSize: "Standard_NC4as_T4_v3", gpuModel: "NVIDIA T4", gpusPerVm: 1, gpuMemoryGiB: 16, computeCapability: 7.5, vCpus: 4, memoryGiB: 28, quotaFamily: "standardNCASv3_T4Family", zonal: true, managedOnline: true },
  { vmSize: "Standard_NC8as_T4_v3", gpuModel: "NVIDIA T4", gpusPerVm: 1, gpuMemoryGiB: 16, computeCapability: 7.5, vCpus: 8, memoryGiB: 56, quotaFamily: "standardNCASv3_T4Family", zonal: true, managedOnline: true },
  { vmSize: "Standard_NC16as_T4_v3", gpuModel: "NVIDIA T4", gpusPerVm: 1, gpuMemoryGiB: 16, computeCapability: 7.5, vCpus: 16, memoryGiB: 110, quotaFamily: "standardNCASv3_T4Family", zonal: true, managedOnline: true },
  { vmSize: "Standard_NC64as_T4_v3", gpuModel: "NVIDIA T4", gpusPerVm: 4, gpuMemoryGiB: 64, computeCapability: 7.5, vCpus: 64, memoryGiB: 440, quotaFamily: "standardNCASv3_T4Family", zonal: true, managedOnline: true },
  { vmSize: "Standard_NV36ads_A10_v5", gpuModel: "NVIDIA A10", gpusPerVm: 1, gpuMemoryGiB: 24, computeCapability: 8.6, vCpus: 36, memoryGiB: 440, quotaFamily: "StandardNVADSA10v5Family", zonal: true, managedOnline: true },
  { vmSize: "Standard_NC24ads_A100_v4", gpuModel: "NVIDIA A100 80GB PCIe", gpusPerVm: 1, gpuMemoryGiB: 80, computeCapability: 8.0, vCpus: 24, memoryGiB: 220, quotaFamily: "StandardNCADSA100v4Family", zonal: true, managedOnline: true },
  { vmSize: "Standard_NC48ads_A100_v4", gpuModel: "NVIDIA A100 80GB PCIe", gpusPerVm: 2, gpuMemoryGiB: 160, computeCapability: 8.0, vCpus: 48, memoryGiB: 440, quotaFamily: "StandardNCADSA100v4Family", zonal: true, managedOnline: true },
  { vmSize: "Standard_NC96ads_A100_v4", gpuModel: "NVIDIA A100 80GB PCIe", gpusPerVm: 4, gpuMemoryGiB: 320, computeCapability: 8.0, vCpus: 96, memoryGiB: 880, quotaFamily: "StandardNCADSA100v4Family", zonal: true, managedOnline: true },
  { vmSize: "Standard_ND96asr_v4", gpuModel: "NVIDIA A100 40GB SXM", gpusPerVm: 8, gpuMemoryGiB: 320, computeCapability: 8.0, vCpus: 96, memoryGiB: 900, quotaFamily: "standardNDASv4_A100Family", zonal: false, managedOnline: true },
  { vmSize: "Standard_ND96amsr_A100_v4", gpuModel: "NVIDIA A100 80GB SXM", gpusPerVm: 8, gpuMemoryGiB: 640, computeCapability: 8.0, vCpus: 96, memoryGiB: 1900, quotaFamily: "StandardNDAMSv4_A100Family", zonal: false, managedOnline: true },
  { vmSize: "Standard_NC40ads_H100_v5", gpuModel: "NVIDIA H100 NVL 94GB", gpusPerVm: 1, gpuMemoryGiB: 94, computeCapability: 9.0, vCpus: 40, memoryGiB: 320, quotaFamily: "StandardNCadsH100v5Family", zonal: true, managedOnline: true },
  { vmSize: "Standard_NC80adis_H100_v5", gpuModel: "NVIDIA H100 NVL 94GB", gpusPerVm: 2, gpuMemoryGiB: 188, computeCapability: 9.0, vCpus: 80, memoryGiB: 640, quotaFamily: "StandardNCadsH100v5Family", zonal: true, managedOnline: true },
  { vmSize: "Standard_ND96isr_H100_v5", gpuModel: "NVIDIA H100 80GB SXM", gpusPerVm: 8, gpuMemoryGiB: 640, computeCapability: 9.0, vCpus: 96, memoryGiB: 1900, quotaFamily: "standardNDSH100v5Family", zonal: false, managedOnline: true },
  { vmSize: "Standard_ND96isr_H200_v5", gpuModel: "NVIDIA H200 141GB SXM", gpusPerVm: 8, gpuMemoryGiB: 1128, computeCapability: 9.0, vCpus: 96, memoryGiB: 1850, quotaFamily: "standardNDSH200v5Family", zonal: false, managedOnline: false },
];

const BY_VM_SIZE = new Map(GPU_SKUS.map((sku) => [sku.vmSize.toLowerCase(), sku]));

/** The catalog entry for a VM size, matched case-insensitively as Azure does; undefined if it is not a GPU size we know. */
export function findGpuSku(vmSize: string): GpuSku | undefined {
  return BY_VM_SIZE.get(vmSize.toLowerCase());
}

/** Sizes of the general-purpose, memory- and compute-optimised families: known to exist, known to have no GPU. */
export function isGeneralPurposeSize(vmSize: string): boolean {
  return /^Standard_[DEFBLM]\d/i.test(vmSize);
}
