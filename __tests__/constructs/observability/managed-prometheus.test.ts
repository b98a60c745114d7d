import { TerraformOutput, Testing } from "cdktf";
import { ManagedPrometheus, type ManagedPrometheusProps } from "../../../constructs/observability/managed-prometheus";
import { PLACEMENT, SUBNET_ID, ofType, ref, single, synthResources, zoneId } from "../synth";

const CLUSTER_ID = "/subscriptions/0/resourceGroups/rg-test/providers/Microsoft.ContainerService/managedClusters/aks-test";
const PROPS: ManagedPrometheusProps = {
  ...PLACEMENT,
  name: "amw-test",
  clusterId: CLUSTER_ID,
  dataCollectionEndpointName: "dce-test",
  dataCollectionRuleName: "dcr-test",
  privateLinkScope: { name: "ampls-test", resourceGroupName: "rg-network" },
  privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneIds: { prometheusMetrics: zoneId("privatelink.swedencentral.prometheus.monitor.azure.com") } },
  roleAssignments: { autoscaler: { principalId: "keda-principal", roleDefinitionName: "Monitoring Data Reader" } },
};
const resources = synthResources((scope) => {
  new ManagedPrometheus(scope, "prometheus", PROPS);
});
const workspace = () => ofType(resources, "azurerm_monitor_workspace")[0];
const endpoint = () => ofType(resources, "azurerm_monitor_data_collection_endpoint")[0];
const rule = () => ofType(resources, "azurerm_monitor_data_collection_rule")[0];

test("public network access is off on the Azure Monitor workspace and on the data collection endpoint", () => {
  expect(workspace().values).toMatchObject({ name: "amw-test", public_network_access_enabled: false });
  expect(endpoint().values).toMatchObject({ name: "dce-test", kind: "Linux", public_network_access_enabled: false });
});

test("the data collection endpoint joins the region's private link scope, where the agents send", () => {
  expect(single(resources, "azurerm_monitor_private_link_scoped_service")).toMatchObject({
    scope_name: "ampls-test",
    resource_group_name: "rg-network",
    linked_resource_id: ref(endpoint()),
  });
});

test("the rule sends Prometheus metrics to the workspace through the endpoint; the cluster is associated with both", () => {
  expect(rule().values).toMatchObject({
    kind: "Linux",
    data_collection_endpoint_id: ref(endpoint()),
    destinations: { monitor_account: [{ monitor_account_id: ref(workspace()), name: "workspace" }] },
    data_flow: [{ streams: ["Microsoft-PrometheusMetrics"], destinations: ["workspace"] }],
    data_sources: { prometheus_forwarder: [{ name: "prometheus", streams: ["Microsoft-PrometheusMetrics"] }] },
  });
  const associations = ofType(resources, "azurerm_monitor_data_collection_rule_association").map(({ values }) => values);
  expect(associations).toHaveLength(2);
  expect(associations).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ target_resource_id: CLUSTER_ID, data_collection_rule_id: ref(rule()) }),
      expect.objectContaining({ target_resource_id: CLUSTER_ID, data_collection_endpoint_id: ref(endpoint()) }),
    ]),
  );
});

test("queries go through the workspace's prometheusMetrics private endpoint; the autoscaler may read, nothing more", () => {
  expect(single(resources, "azurerm_private_endpoint")).toMatchObject({
    subnet_id: SUBNET_ID,
    private_service_connection: { private_connection_resource_id: ref(workspace()), subresource_names: ["prometheusMetrics"] },
    private_dns_zone_group: { private_dns_zone_ids: [zoneId("privatelink.swedencentral.prometheus.monitor.azure.com")] },
  });
  expect(single(resources, "azurerm_role_assignment")).toMatchObject({ scope: ref(workspace()), principal_id: "keda-principal", role_definition_name: "Monitoring Data Reader" });
});

test("KEDA queries the workspace's own query endpoint", () => {
  const synthesized = JSON.parse(Testing.synthScope((scope) => new TerraformOutput(scope, "query", { value: new ManagedPrometheus(scope, "prometheus", PROPS).queryEndpoint })));
  expect(synthesized.output.query.value).toMatch(/^\$\{azurerm_monitor_workspace\.prometheus_workspace_[A-Z0-9]+\.query_endpoint\}$/);
});
