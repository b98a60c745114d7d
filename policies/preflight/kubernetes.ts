/**
 * Kubernetes scheduling as the preflight and the request-path walk read it from synthesized Terraform: the objects of
 * a manifests blob, the node pools of an AKS cluster, and whether a pod can land on a pool (node selector, taints and
 * tolerations, as the scheduler decides: kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration).
 */
import { parseAllDocuments } from "yaml";

export type ManifestObject = Readonly<Record<string, unknown>>;

/** A node pool as the scheduler sees its nodes: labels (AKS adds `agentpool` and `kubernetes.azure.com/agentpool`) and taints. */
export interface NodePool {
  readonly name: string;
  readonly vmSize?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `key=value:Effect`, as AKS writes node_taints. */
  readonly taints: readonly string[];
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

/** The pod template of the workload kinds that run pods, or undefined for other objects. */
export interface PodSpec {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Toleration[];
  readonly serviceAccountName?: string;
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: readonly Readonly<Record<string, unknown>>[];
}

export interface Container {
  readonly name?: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value?: string }[];
  readonly ports?: readonly { readonly name?: string; readonly containerPort?: number }[];
  readonly resources?: { readonly requests?: Readonly<Record<string, unknown>>; readonly limits?: Readonly<Record<string, unknown>> };
}

const WORKLOAD_KINDS = new Set(["Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job"]);
/** The extended resource NVIDIA's device plugin advertises (Learn: use-nvidia-gpu). */
export const GPU_RESOURCE = "nvidia.com/gpu";
const AKS_POOL_LABELS = ["agentpool", "kubernetes.azure.com/agentpool"];

/** Terraform's template escapes undone: `$${` and `%%{` are written to the blob as `${` and `%{` (Terraform: Strings and Templates). */
export function unescapeTemplate(text: string): string {
  return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

/**
 * Manifests already parsed, by text: several rules read the same blob (a cluster's device plugin, each workload's
 * placement), and parsing YAML is most of what they cost (docs/performance.md). Rules only read the objects.
 */
const PARSED = new Map<string, { readonly objects: readonly ManifestObject[] } | { readonly error: unknown }>();

/** The objects of a multi-document YAML file. Throws with the parser's message when the YAML is invalid. */
export function parseManifests(text: string): readonly ManifestObject[] {
  let parsed = PARSED.get(text);
  if (parsed === undefined) {
    try {
      const objects = parseAllDocuments(text).flatMap((document) => {
        if (document.errors.length > 0) throw new Error(`invalid YAML: ${document.errors[0].message.split("\n")[0]}`);
        const object: unknown = document.toJS({ maxAliasCount: -1 });
        return typeof object === "object" && object !== null && !Array.isArray(object) ? [object as ManifestObject] : [];
      });
      parsed = { objects };
    } catch (error) {
      parsed = { error };
    }
    PARSED.set(text, parsed);
  }
  if ("error" in parsed) throw parsed.error;
  return parsed.objects;
}

/** `Kind namespace/name` for messages. */
export function objectName(object: ManifestObject): string {
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  return `${String(object.kind)} ${metadata.namespace ? `${metadata.namespace}/` : ""}${metadata.name ?? "?"}`;
}

export function podSpecOf(object: ManifestObject): PodSpec | undefined {
  if (!WORKLOAD_KINDS.has(String(object.kind))) return undefined;
  const spec = object.spec as { template?: { spec?: PodSpec } } | undefined;
  return spec?.template?.spec;
}

/** True when a container of the pod requests or limits NVIDIA GPUs. */
export function requestsGpu(pod: PodSpec): boolean {
  return [...(pod.containers ?? []), ...(pod.initContainers ?? [])].some((container) => container.resources?.requests?.[GPU_RESOURCE] !== undefined || container.resources?.limits?.[GPU_RESOURCE] !== undefined);
}

/** An Azure GPU size: the N family (NC, ND, NG, NV), the only sizes with GPUs (Learn: sizes-gpu). */
export function isGpuSize(vmSize: string | undefined): boolean {
  return vmSize !== undefined && /^Standard_N/i.test(vmSize);
}

function parseTaint(taint: string): { key: string; value?: string; effect: string } | undefined {
  const match = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(taint);
  return match ? { key: match[1], value: match[2], effect: match[3] } : undefined;
}

/** Does one toleration match the taint (key, value by operator, effect; an empty key with Exists matches every taint)? */
function matches(toleration: Toleration, taint: { key: string; value?: string; effect: string }): boolean {
  const operator = toleration.operator ?? "Equal";
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (!toleration.key) return operator === "Exists";
  if (toleration.key !== taint.key) return false;
  return operator === "Exists" || (toleration.value ?? "") === (taint.value ?? "");
}

/**
 * The pool's taints the pod does not tolerate. PreferNoSchedule is only a preference, so it never keeps a pod off;
 * a taint AKS writes in another form than `key=value:Effect` is returned as not tolerated.
 */
export function untoleratedTaints(pod: PodSpec, pool: NodePool): string[] {
  return pool.taints.filter((taint) => {
    const parsed = parseTaint(taint);
    if (!parsed) return true;
    return parsed.effect !== "PreferNoSchedule" && !(pod.tolerations ?? []).some((toleration) => matches(toleration, parsed));
  });
}

/** AKS taints a Spot pool itself (Learn: spot-node-pool). */
const SPOT_TAINT = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule";
/** AKS taints a system pool that runs only critical add-ons (Learn: use-system-pools). */
const CRITICAL_ADDONS_TAINT = "CriticalAddonsOnly=true:NoSchedule";

/** A pool as AKS creates its nodes from the azurerm settings: its taints plus those AKS adds (Spot, critical add-ons only). */
export function aksNodePool(settings: { readonly name: string; readonly vmSize?: string; readonly labels: Readonly<Record<string, string>>; readonly taints: readonly string[]; readonly spot: boolean; readonly criticalAddonsOnly: boolean }): NodePool {
  const added = [...(settings.spot ? [SPOT_TAINT] : []), ...(settings.criticalAddonsOnly ? [CRITICAL_ADDONS_TAINT] : [])];
  return { name: settings.name, vmSize: settings.vmSize, labels: settings.labels, taints: [...settings.taints, ...added.filter((taint) => !settings.taints.includes(taint))] };
}

/** The labels every node of the pool carries: its own and the pool name AKS adds. */
export function poolLabels(pool: NodePool): Readonly<Record<string, string>> {
  return { ...pool.labels, ...Object.fromEntries(AKS_POOL_LABELS.map((label) => [label, pool.name])) };
}

/** Does the pod's node selector select the pool's nodes (every key with the same value)? */
export function selectsPool(pod: PodSpec, pool: NodePool): boolean {
  const labels = poolLabels(pool);
  return Object.entries(pod.nodeSelector ?? {}).every(([key, value]) => labels[key] === String(value));
}

export interface Placement {
  /** The pools the pod can be scheduled on: selected, with every taint tolerated. */
  readonly schedulable: readonly NodePool[];
  /** Pools it selects but cannot land on, each with the taints it does not tolerate. */
  readonly blocked: readonly { readonly pool: NodePool; readonly taints: readonly string[] }[];
}

/** Where among `pools` the pod can run. */
export function placementOf(pod: PodSpec, pools: readonly NodePool[]): Placement {
  const selected = pools.filter((pool) => selectsPool(pod, pool));
  const withTaints = selected.map((pool) => ({ pool, taints: untoleratedTaints(pod, pool) }));
  return { schedulable: withTaints.filter((entry) => entry.taints.length === 0).map((entry) => entry.pool), blocked: withTaints.filter((entry) => entry.taints.length > 0) };
}

/** What stops a GPU pod from running: no GPU pool selected, or the taints of each selected GPU pool it does not tolerate. */
export function gpuPlacementProblem(pod: PodSpec, pools: readonly NodePool[]): string | undefined {
  const gpuPools = pools.filter((pool) => isGpuSize(pool.vmSize));
  const placement = placementOf(pod, gpuPools);
  if (placement.schedulable.length > 0) return undefined;
  const selector = Object.entries(pod.nodeSelector ?? {}).map(([key, value]) => `${key}=${value}`).join(", ") || "no nodeSelector";
  if (placement.blocked.length === 0) return `its node selector (${selector}) selects none of the cluster's GPU pools (${gpuPools.map((pool) => pool.name).join(", ") || "none"})`;
  return placement.blocked.map((entry) => `pool ${entry.pool.name} is tainted ${entry.taints.join(", ")}, which it does not tolerate`).join("; ");
}

/** Does a Flux kustomization's path (`./clusters/x`, relative to the source root) take in the file at `file`? */
export function kustomizationTakes(path: string, file: string): boolean {
  const folder = path.replace(/^\.\//, "").replace(/\/$/, "");
  return folder === "" || folder === "." || file.startsWith(`${folder}/`);
}

/** The value of an environment variable of a container, when set literally. */
export function envValue(container: Container, name: string): string | undefined {
  return container.env?.find((variable) => variable.name === name)?.value;
}
