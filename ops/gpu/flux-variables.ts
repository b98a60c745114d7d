/**
 * Changing post-build variables of a cluster's serving Flux configuration through ARM: the replica bounds
 * (`fhi gpu scale`), the traffic shares and the mirrored share (`fhi rollout`).
 */
import type { AzureClients } from "../clients";
import { OpsError } from "../errors";
import { untilDone } from "../operations";
import { MANAGED_CLUSTER } from "./arm";
import { readFluxConfiguration, servingVariables } from "./live";
import type { AksDeployment } from "./pools";

/**
 * The configuration's variables are re-read and sent whole, `values` changed: every other variable is kept whether
 * Azure merges the map or replaces it. Flux configurations carry no ETag, so a change made by someone else since
 * `planned` was read is detected by comparing the variables, and refused rather than overwritten.
 */
export async function updateServingVariables(
  clients: AzureClients,
  pool: AksDeployment,
  planned: Readonly<Record<string, string>>,
  values: Readonly<Record<string, string>>,
  signal: AbortSignal,
  progress: (line: string) => void,
): Promise<void> {
  const current = servingVariables(clients, pool, await readFluxConfiguration(clients, pool, signal));
  const changed = [...new Set([...Object.keys(current), ...Object.keys(planned)])].filter((name) => current[name] !== planned[name]);
  if (changed.length > 0) {
    throw new OpsError(
      `Flux configuration ${pool.flux.configuration} of ${pool.cluster} changed after it was read (${changed.join(", ")}): someone or something else updated it, so nothing was written. Fix: run the command again; it re-reads the live state`,
      "failed",
    );
  }
  const substitute = { ...current, ...values };
  const poller = await clients
    .kubernetesConfiguration()
    .fluxConfigurations.beginUpdate(
      pool.resourceGroup,
      MANAGED_CLUSTER.provider,
      MANAGED_CLUSTER.type,
      pool.cluster,
      pool.flux.configuration,
      { kustomizations: { [pool.flux.kustomization]: { postBuild: { substitute } } } },
      { abortSignal: signal, updateIntervalInMs: clients.pollIntervalMs },
    );
  await untilDone(poller, signal, progress);
}
