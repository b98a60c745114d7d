import { Observability, type ObservabilityProps } from "../../../constructs/observability/observability";
import { MonitorPrivateLinkScope } from "../../../constructs/observability/monitor-private-link-scope";
import { PLACEMENT, SUBNET_ID, WORKSPACE_ID, ofType, ref, single, synthResources } from "../synth";

function observability(overrides: Partial<ObservabilityProps> = {}) {
  return synthResources((scope) => {
    new Observability(scope, "obs", { ...PLACEMENT, logAnalyticsName: "log-test", applicationInsightsName: "appi-test", retentionInDays: 365, ...overrides });
  });
}

test("Log Analytics: Entra ID only, retention from props, no public ingestion or query, audits itself", () => {
  const resources = observability();
  const workspace = ofType(resources, "azurerm_log_analytics_workspace")[0];
  expect(workspace.values).toMatchObject({ retention_in_days: 365, local_authentication_enabled: false, internet_ingestion_enabled: false, internet_query_enabled: false });
  expect(single(resources, "azurerm_monitor_diagnostic_setting")).toMatchObject({ target_resource_id: ref(workspace), log_analytics_workspace_id: ref(workspace) });
});

test("Application Insights is workspace-based with local auth off and no public ingestion", () => {
  const resources = observability();
  expect(single(resources, "azurerm_application_insights")).toMatchObject({
    workspace_id: ref(ofType(resources, "azurerm_log_analytics_workspace")[0]),
    local_authentication_disabled: true,
    internet_ingestion_enabled: false,
    internet_query_enabled: false,
  });
});

test("opt-out shows: internet access on both", () => {
  const resources = observability({ internetAccess: true });
  expect(single(resources, "azurerm_log_analytics_workspace")).toMatchObject({ internet_ingestion_enabled: true, internet_query_enabled: true });
  expect(single(resources, "azurerm_application_insights")).toMatchObject({ internet_ingestion_enabled: true });
});

test("the private link scope accepts private ingestion and queries only, scopes the workspace, and registers in every monitor zone", () => {
  const zones = { monitor: "z-monitor", omsOpinsights: "z-oms", odsOpinsights: "z-ods", agentService: "z-agent", blob: "z-blob" };
  const resources = synthResources((scope) => {
    new MonitorPrivateLinkScope(scope, "ampls", {
      ...PLACEMENT,
      name: "ampls-test",
      scopedResources: { workspace: WORKSPACE_ID },
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneIds: zones },
    });
  });
  const linkScope = ofType(resources, "azurerm_monitor_private_link_scope")[0];
  expect(linkScope.values).toMatchObject({ ingestion_access_mode: "PrivateOnly", query_access_mode: "PrivateOnly" });
  expect(single(resources, "azurerm_monitor_private_link_scoped_service")).toMatchObject({ scope_name: ref(linkScope, "name"), linked_resource_id: WORKSPACE_ID });
  expect(single(resources, "azurerm_private_endpoint")).toMatchObject({
    subnet_id: SUBNET_ID,
    private_service_connection: { private_connection_resource_id: ref(linkScope), subresource_names: ["azuremonitor"] },
    private_dns_zone_group: { private_dns_zone_ids: ["z-monitor", "z-oms", "z-ods", "z-agent", "z-blob"] },
  });
});

test("opt-out shows: open access modes", () => {
  const resources = synthResources((scope) => {
    new MonitorPrivateLinkScope(scope, "ampls", {
      ...PLACEMENT,
      name: "ampls-test",
      scopedResources: {},
      privateOnly: false,
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneIds: { monitor: "a", omsOpinsights: "b", odsOpinsights: "c", agentService: "d", blob: "e" } },
    });
  });
  expect(single(resources, "azurerm_monitor_private_link_scope")).toMatchObject({ ingestion_access_mode: "Open", query_access_mode: "Open" });
});
