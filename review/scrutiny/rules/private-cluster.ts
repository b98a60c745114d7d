import { settingRule, switchExposure } from "../rule";

export const privateCluster = settingRule({
  id: "private-cluster",
  title: "AKS private cluster",
  settings: [
    {
      types: ["azurerm_kubernetes_cluster"],
      paths: ["private_cluster_enabled"],
      label: "private cluster (API server only on a private IP)",
      exposure: switchExposure(false, false),
      broadeningOnCreate: true,
    },
    {
      types: ["azurerm_kubernetes_cluster"],
      paths: ["private_cluster_public_fqdn_enabled"],
      label: "public FQDN for the private API server",
      exposure: switchExposure(true, false),
      broadeningOnCreate: true,
    },
  ],
});
