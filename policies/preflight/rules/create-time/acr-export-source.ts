import { fail, pass } from "../../../engine/rule";
import { valueAt } from "../../../model/value";
import { definePreflightRule } from "../../rule";
import { armType } from "../common";

/** ACR transfer: an export pipeline copies artefacts out of its parent registry (learn.microsoft.com/azure/container-registry/container-registry-transfer-prerequisites). */
const EXPORT_TYPES = ["microsoft.containerregistry/registries/exportpipelines", "microsoft.containerregistry/registries/pipelineruns"];

export const acrExportFromExportDisabledRegistry = definePreflightRule({
  id: "FHI-PF-ACR-002",
  title: "No export or transfer out of a registry that disables export",
  severity: "error",
  service: "container-registry",
  resourceTypes: ["azapi_resource"],
  applies: (resource) => EXPORT_TYPES.includes(armType(resource) ?? ""),
  rationale:
    "A registry with `export_policy_enabled = false` refuses `az acr import` from it and ACR transfer export pipelines out of it; an export pipeline on it deploys but every run fails.",
  remediation: "Promote through a registry built for release (export allowed, no clinical data), or import into the target from a registry that allows export (docs/adr/0004-release-path.md).",
  sources: [
    "https://learn.microsoft.com/azure/container-registry/data-loss-prevention",
    "https://learn.microsoft.com/azure/container-registry/container-registry-transfer-prerequisites",
  ],
  check: (pipeline, model) => {
    const registry = model.referencedBy(pipeline, "parent_id").find((target) => target.type === "azurerm_container_registry");
    if (!registry) return pass("the source registry is not in the input");
    const exportAllowed = valueAt(registry.values, "export_policy_enabled");
    return exportAllowed === false || String(exportAllowed).toLowerCase() === "false"
      ? fail(`${registry.address} has export_policy_enabled = false: nothing can be exported or transferred out of it`)
      : pass(`${registry.address} allows export`);
  },
});
