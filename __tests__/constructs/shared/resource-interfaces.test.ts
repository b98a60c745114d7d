import { ResourceInterfaces } from "../../../constructs/shared/resource-interfaces";
import type { ResourceInterfaceProps } from "../../../constructs/shared/interfaces";
import { PLACEMENT, SUBNET_ID, WORKSPACE_ID, ofType, single, synthResources, zoneId } from "../synth";

const RESOURCE_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-test/providers/Microsoft.Example/things/thing";

function interfaces(props: ResourceInterfaceProps<"alpha" | "beta">, subresources: ("alpha" | "beta")[] = ["alpha"]) {
  return synthResources((scope) => {
    new ResourceInterfaces(scope, "interfaces", { resourceId: RESOURCE_ID, placement: { ...PLACEMENT, name: "thing" }, props, subresources });
  });
}

test("no props declare nothing", () => {
  expect(interfaces({})).toEqual([]);
});

test("diagnostics send every log category group and all metrics to the workspace", () => {
  expect(single(interfaces({ diagnostics: { workspaceId: WORKSPACE_ID } }), "azurerm_monitor_diagnostic_setting")).toMatchObject({
    target_resource_id: RESOURCE_ID,
    log_analytics_workspace_id: WORKSPACE_ID,
    enabled_log: [{ category_group: "allLogs" }],
    enabled_metric: [{ category: "AllMetrics" }],
  });
});

test("diagnostics opt-outs show: chosen category groups, no metrics", () => {
  const setting = single(interfaces({ diagnostics: { workspaceId: WORKSPACE_ID, categoryGroups: ["audit"], metrics: false } }), "azurerm_monitor_diagnostic_setting");
  expect(setting.enabled_log).toEqual([{ category_group: "audit" }]);
  expect(setting).not.toHaveProperty("enabled_metric");
});

test("diagnostics can name exact log categories instead of groups, but not both", () => {
  const setting = single(interfaces({ diagnostics: { workspaceId: WORKSPACE_ID, categories: ["GatewayLogs", "WebSocketConnectionLogs"] } }), "azurerm_monitor_diagnostic_setting");
  expect(setting.enabled_log).toEqual([{ category: "GatewayLogs" }, { category: "WebSocketConnectionLogs" }]);
  expect(() => interfaces({ diagnostics: { workspaceId: WORKSPACE_ID, categories: ["GatewayLogs"], categoryGroups: ["allLogs"] } })).toThrow(/categories and diagnostics.categoryGroups are both set. Fix:/);
});

test("one private endpoint per sub-resource, each registered in its own DNS zone(s)", () => {
  const resources = interfaces(
    { privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneIds: { alpha: zoneId("privatelink.alpha"), beta: [zoneId("privatelink.b1"), zoneId("privatelink.b2")] } } },
    ["alpha", "beta"],
  );
  const endpoints = ofType(resources, "azurerm_private_endpoint").map((endpoint) => endpoint.values);
  expect(endpoints).toHaveLength(2);
  expect(endpoints[0]).toMatchObject({
    name: "pep-thing-alpha",
    subnet_id: SUBNET_ID,
    private_service_connection: { private_connection_resource_id: RESOURCE_ID, subresource_names: ["alpha"], is_manual_connection: false },
    private_dns_zone_group: { private_dns_zone_ids: [zoneId("privatelink.alpha")] },
  });
  expect(endpoints[1].private_dns_zone_group.private_dns_zone_ids).toEqual([zoneId("privatelink.b1"), zoneId("privatelink.b2")]);
});

test("a sub-resource without a DNS zone is an error naming it", () => {
  expect(() => interfaces({ privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneIds: { alpha: zoneId("z") } as never } }, ["alpha", "beta"])).toThrow(
    /no zone for "beta"/,
  );
});

test("role assignments grant the named built-in role on the resource to a service principal", () => {
  const assignment = single(interfaces({ roleAssignments: { reader: { principalId: "p-1", roleDefinitionName: "AcrPull" } } }), "azurerm_role_assignment");
  expect(assignment).toMatchObject({ scope: RESOURCE_ID, principal_id: "p-1", role_definition_name: "AcrPull", principal_type: "ServicePrincipal", skip_service_principal_aad_check: true });
});

test.each(["Owner", "Contributor", "User Access Administrator", "owner"])("privileged role %s is refused", (role) => {
  expect(() => interfaces({ roleAssignments: { bad: { principalId: "p-1", roleDefinitionName: role as never } } })).toThrow(/privileged/);
});

test("a role outside the reviewed list is refused", () => {
  expect(() => interfaces({ roleAssignments: { odd: { principalId: "p-1", roleDefinitionName: "Virtual Machine Contributor" as never } } })).toThrow(/not in the reviewed list/);
});

test("a lock defaults to CanNotDelete with a note saying how to remove it", () => {
  expect(single(interfaces({ lock: {} }), "azurerm_management_lock")).toMatchObject({ scope: RESOURCE_ID, lock_level: "CanNotDelete", notes: expect.stringMatching(/in code/) });
  expect(single(interfaces({ lock: { level: "ReadOnly" } }), "azurerm_management_lock").lock_level).toBe("ReadOnly");
});
