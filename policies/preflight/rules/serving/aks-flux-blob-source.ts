import { fail, pass, unknown } from "../../../engine/rule";
import { BLOB_READ_ROLES, blobContainerUrlPath } from "../../arm-scope";
import { valueAt } from "../../../model/value";
import { definePreflightRule } from "../../rule";
import { grantsCovering, literalAt } from "./relations";

export const aksFluxBlobSourceReadable = definePreflightRule({
  id: "FHI-PF-AKS-004",
  title: "A Flux configuration's blob source is a container URL its reader identity may read",
  severity: "error",
  service: "serving",
  resourceTypes: ["azurerm_kubernetes_flux_configuration"],
  applies: (configuration) => configuration.values.blob_storage !== undefined && configuration.values.blob_storage !== null,
  rationale:
    "Flux's source controller reads the container on its data plane, `https://<account>.blob.<suffix>/<container>` (azurerm validates container_id as that URL, not an ARM ID), as the managed identity named in the configuration, which needs at least Storage Blob Data Reader there. Without it the configuration is created and reports a failing source for ever: nothing in the cluster is deployed.",
  remediation: "Write blob_storage.container_id as the container's URL and assign Storage Blob Data Reader on that container (or its account) to the identity whose client ID the configuration names, before the configuration is created (constructs/model-serving/model-serving.ts).",
  sources: [
    "https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-gitops-flux2 (Azure Blob Storage source: the managed identity must be assigned at minimum the Storage Blob Data Reader role)",
    "internal/services/containers/kubernetes_flux_configuration_resource.go (azurerm v4.55.0: blob_storage.container_id is validated by StorageContainerDataPlaneID)",
  ],
  check: (configuration, model) => {
    const url = literalAt(configuration, "blob_storage.container_id");
    if (url === undefined) return unknown("blob_storage.container_id is an expression");
    const source = blobContainerUrlPath(url);
    if (!source) return fail(`blob_storage.container_id is ${url}, not a container's data-plane URL (https://<account>.blob.<suffix>/<container>)`);
    const reader = model.referencedBy(configuration, "blob_storage.managed_identity.client_id").find((target) => target.type === "azurerm_user_assigned_identity");
    if (!reader) {
      return valueAt(configuration.values, "blob_storage.managed_identity") === undefined ? pass("the source does not authenticate with a managed identity") : unknown("the reader identity is not in the input");
    }
    const container = model.ofType("azurerm_storage_container").find((candidate) => literalAt(candidate, "name") === source.container && model.referencedBy(candidate, "storage_account_id").some((account) => literalAt(account, "name") === source.account));
    const grants = grantsCovering(model, reader, BLOB_READ_ROLES, { resource: container, path: source.path });
    return grants.length > 0
      ? pass(`${reader.address} reads ${url} through ${grants.map((grant) => grant.address).join(", ")}`)
      : fail(`${reader.address}, the reader, holds no Storage Blob Data Reader on ${url} (its container, account, resource group or subscription): Flux cannot read the manifests`);
  },
});
