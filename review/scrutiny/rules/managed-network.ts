import { ladderExposure, settingRule } from "../rule";

/** From the strictest: only approved outbound, then any internet outbound, then no managed network at all. */
const ISOLATION = ["AllowOnlyApprovedOutbound", "AllowInternetOutbound", "Disabled"];

export const managedNetwork = settingRule({
  id: "managed-network",
  title: "AML managed network isolation",
  settings: [
    {
      types: ["azurerm_machine_learning_workspace"],
      paths: ["managed_network.isolation_mode"],
      label: "managed network isolation",
      exposure: ladderExposure(ISOLATION, "Disabled"),
      broadeningOnCreate: true,
    },
    {
      types: ["azapi_resource"],
      armTypes: ["Microsoft.MachineLearningServices/workspaces"],
      paths: ["body.properties.managedNetwork.isolationMode"],
      label: "managed network isolation",
      exposure: ladderExposure(ISOLATION, "Disabled"),
      broadeningOnCreate: true,
    },
  ],
});
