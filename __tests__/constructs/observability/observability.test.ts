import { Observability, type ObservabilityProps } from "../../../constructs/observability/observability";
import { PLACEMENT, ofType, ref, single, synthResources } from "../synth";

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
