import { defineRule } from "../../engine/rule";
import { isAmlCompute } from "../common/aml";
import { AZURERM_3_TO_4, AZAPI_1_TO_2 } from "../common/generations";
import { expectEither } from "../common/azapi";

export const amlComputePublicIp = defineRule({
  id: "FHI-AML-103",
  title: "ML compute nodes have no public IPs",
  severity: "error",
  service: "aml",
  resourceTypes: ["azurerm_machine_learning_compute_cluster", "azurerm_machine_learning_compute_instance", "azapi_resource"],
  generations: [...AZURERM_3_TO_4, ...AZAPI_1_TO_2],
  applies: isAmlCompute("AmlCompute", "ComputeInstance"),
  rationale: "Public IPs on compute nodes expose them to the internet and bypass the network's egress control.",
  remediation: "Set node_public_ip_enabled = false with a subnet_resource_id (azapi: properties.properties.enableNodePublicIp = false).",
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) =>
    expectEither(
      resource,
      { paths: ["node_public_ip_enabled"], ok: (value) => value === false, want: "false", whenAbsent: false },
      { path: "properties.properties.enableNodePublicIp", ok: (value) => value === false, want: "false", whenAbsent: true },
    ),
});
