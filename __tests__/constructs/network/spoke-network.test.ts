import { SpokeNetwork, type SpokeNetworkProps } from "../../../constructs/network/spoke-network";
import { VirtualNetworkFlowLog } from "../../../constructs/network/flow-log";
import { PLACEMENT, WORKSPACE_ID, ofType, ref, single, synthResources } from "../synth";

const HUB_ID = "/subscriptions/00000000-0000-0000-0000-00000000c0de/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub";

function spoke(overrides: Partial<SpokeNetworkProps<"workload" | "endpoints">> = {}) {
  return synthResources((scope) => {
    new SpokeNetwork(scope, "spoke", {
      ...PLACEMENT,
      name: "vnet-test",
      addressSpace: ["10.1.0.0/16"],
      subnets: {
        workload: { name: "snet-workload", addressPrefix: "10.1.0.0/24", securityGroupName: "nsg-workload", egressViaHub: true },
        endpoints: {
          name: "snet-endpoints",
          addressPrefix: "10.1.1.0/24",
          securityGroupName: "nsg-endpoints",
          delegation: { name: "d", serviceDelegation: { name: "Microsoft.ContainerService/managedClusters", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } },
        },
      },
      diagnostics: { workspaceId: WORKSPACE_ID },
      ...overrides,
    });
  });
}

test("subnets are separate resources without implicit outbound access, never inline blocks", () => {
  const resources = spoke();
  expect(single(resources, "azurerm_virtual_network")).not.toHaveProperty("subnet");
  const subnets = ofType(resources, "azurerm_subnet").map((subnet) => subnet.values);
  expect(subnets.map((subnet) => subnet.address_prefixes).sort()).toEqual([["10.1.0.0/24"], ["10.1.1.0/24"]]);
  for (const subnet of subnets) expect(subnet).toMatchObject({ default_outbound_access_enabled: false, private_endpoint_network_policies: "Enabled" });
  expect(subnets.find((subnet) => subnet.name === "snet-endpoints")!.delegation).toEqual([expect.objectContaining({ service_delegation: expect.objectContaining({ name: "Microsoft.ContainerService/managedClusters" }) })]);
});

test("every subnet is associated with its own NSG that denies inbound traffic from the Internet", () => {
  const resources = spoke();
  const associations = ofType(resources, "azurerm_subnet_network_security_group_association").map((association) => association.values);
  const rules = ofType(resources, "azurerm_network_security_rule").map((rule) => rule.values);
  for (const role of ["workload", "endpoints"]) {
    const subnet = ofType(resources, "azurerm_subnet").find((candidate) => candidate.values.name === `snet-${role}`)!;
    const group = ofType(resources, "azurerm_network_security_group").find((candidate) => candidate.values.name === `nsg-${role}`)!;
    expect(associations).toContainEqual({ subnet_id: ref(subnet), network_security_group_id: ref(group) });
    expect(rules.filter((rule) => rule.network_security_group_name === ref(group, "name"))).toEqual([
      expect.objectContaining({ direction: "Inbound", access: "Deny", source_address_prefix: "Internet", destination_port_range: "*", priority: 4096 }),
    ]);
  }
  expect(associations).toHaveLength(2);
});

test("an allow rule of the caller's sits before the deny-from-Internet rule; a priority at or after it is refused", () => {
  const allow = { name: "allow-front-door", priority: 200, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "AzureFrontDoor.Backend", destinationAddressPrefix: "*", destinationPortRange: "443" } as const;
  const withRule = (priority: number) =>
    spoke({ subnets: { workload: { name: "snet-workload", addressPrefix: "10.1.0.0/24", securityGroupName: "nsg-workload", securityRules: [{ ...allow, priority }] } } as never });
  expect(ofType(withRule(200), "azurerm_network_security_rule").map((rule) => [rule.values.name, rule.values.priority])).toEqual([
    ["allow-front-door", 200],
    ["deny-internet-inbound", 4096],
  ]);
  expect(() => withRule(4096)).toThrow(/priority 4096.*Fix: use 100-4095/);
});

test("opt-outs show: no deny rule, implicit outbound access allowed", () => {
  const resources = spoke({ denyInternetInbound: false, defaultOutboundAccess: true });
  expect(ofType(resources, "azurerm_network_security_rule")).toEqual([]);
  for (const subnet of ofType(resources, "azurerm_subnet")) expect(subnet.values.default_outbound_access_enabled).toBe(true);
});

test("diagnostics: the VNet sends logs and metrics, each NSG its logs (NSGs have no metrics)", () => {
  const resources = spoke();
  const settings = ofType(resources, "azurerm_monitor_diagnostic_setting").map((setting) => setting.values);
  const vnet = ofType(resources, "azurerm_virtual_network")[0];
  const groups = ofType(resources, "azurerm_network_security_group");
  expect(settings.find((setting) => setting.target_resource_id === ref(vnet))).toMatchObject({ enabled_log: [{ category_group: "allLogs" }], enabled_metric: [{ category: "AllMetrics" }] });
  for (const group of groups) {
    const setting = settings.find((candidate) => candidate.target_resource_id === ref(group));
    expect(setting).toMatchObject({ log_analytics_workspace_id: WORKSPACE_ID, enabled_log: [{ category_group: "allLogs" }] });
    expect(setting).not.toHaveProperty("enabled_metric");
  }
});

test("without a hub there is no peering and no route table", () => {
  const resources = spoke();
  expect(ofType(resources, "azurerm_virtual_network_peering")).toEqual([]);
  expect(ofType(resources, "azurerm_route_table")).toEqual([]);
});

test("with a hub: peering, and 0.0.0.0/0 to the firewall on the subnets that egress through it only", () => {
  const resources = spoke({ hub: { vnetId: HUB_ID, firewallPrivateIp: "10.0.1.4", routeTableName: "rt-test" } });
  expect(single(resources, "azurerm_virtual_network_peering")).toMatchObject({
    remote_virtual_network_id: HUB_ID,
    allow_virtual_network_access: true,
    allow_forwarded_traffic: true,
    use_remote_gateways: false,
  });
  expect(single(resources, "azurerm_route_table")).toMatchObject({
    bgp_route_propagation_enabled: false,
    route: [{ address_prefix: "0.0.0.0/0", next_hop_type: "VirtualAppliance", next_hop_in_ip_address: "10.0.1.4" }],
  });
  const workload = ofType(resources, "azurerm_subnet").find((subnet) => subnet.values.name === "snet-workload")!;
  expect(single(resources, "azurerm_subnet_route_table_association").subnet_id).toBe(ref(workload));
});

test("VNet flow logs go to storage and to traffic analytics in Log Analytics", () => {
  const resources = synthResources((scope) => {
    new VirtualNetworkFlowLog(scope, "flow", {
      name: "fl-test",
      location: "swedencentral",
      virtualNetworkId: "vnet-id",
      storageAccountId: "storage-id",
      retentionDays: 90,
      workspace: { resourceId: WORKSPACE_ID, workspaceId: "guid", location: "swedencentral" },
    });
  });
  expect(single(resources, "azurerm_network_watcher_flow_log")).toMatchObject({
    target_resource_id: "vnet-id",
    storage_account_id: "storage-id",
    enabled: true,
    version: 2,
    network_watcher_name: "NetworkWatcher_swedencentral",
    resource_group_name: "NetworkWatcherRG",
    retention_policy: { enabled: true, days: 90 },
    traffic_analytics: { enabled: true, workspace_resource_id: WORKSPACE_ID, workspace_id: "guid", interval_in_minutes: 10 },
  });
});
