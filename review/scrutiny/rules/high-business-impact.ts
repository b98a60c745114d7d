import { settingRule, switchExposure } from "../rule";

export const highBusinessImpact = settingRule({
  id: "high-business-impact",
  title: "High business impact (HBI) workspace",
  settings: [
    {
      types: ["azurerm_machine_learning_workspace"],
      paths: ["high_business_impact"],
      label: "high business impact (less Microsoft diagnostics data, encrypted scratch disks)",
      exposure: switchExposure(false, false),
      broadeningOnCreate: false,
    },
    {
      types: ["azapi_resource"],
      armTypes: ["Microsoft.MachineLearningServices/workspaces"],
      paths: ["body.properties.hbiWorkspace"],
      label: "high business impact",
      exposure: switchExposure(false, false),
      broadeningOnCreate: false,
    },
  ],
});
