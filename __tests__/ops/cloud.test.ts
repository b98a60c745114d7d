import { resolveCloud, vaultUrl } from "../../ops/cloud";
import { loadEnvironment } from "../../ops/environment";
import { ENVIRONMENTS } from "../../environments";

test.each([
  ["AzureCloud", "https://management.azure.com", "https://login.microsoftonline.com", "https://kv-x.vault.azure.net"],
  ["AzureUSGovernment", "https://management.usgovcloudapi.net", "https://login.microsoftonline.us", "https://kv-x.vault.usgovcloudapi.net"],
  ["AzureChinaCloud", "https://management.chinacloudapi.cn", "https://login.chinacloudapi.cn", "https://kv-x.vault.azure.cn"],
] as const)("%s: ARM, authority and Key Vault endpoints", (name, arm, authority, vault) => {
  const cloud = resolveCloud(name);
  expect(cloud).toMatchObject({ resourceManagerUrl: arm, resourceManagerScope: `${arm}/.default`, authorityHost: authority });
  expect(vaultUrl(cloud, "kv-x")).toBe(vault);
});

test("a custom cloud takes its audience when given, else its ARM URL, and may front Key Vault with a gateway", () => {
  const custom = { resourceManagerUrl: "https://arm.health.example/", keyVaultDnsSuffix: ".vault.health.example", authorityHost: "https://login.health.example" };
  expect(resolveCloud(custom)).toMatchObject({ resourceManagerUrl: "https://arm.health.example", resourceManagerScope: "https://arm.health.example/.default" });
  expect(resolveCloud({ ...custom, resourceManagerAudience: "https://management.core.health.example/" }).resourceManagerScope).toBe(
    "https://management.core.health.example/.default",
  );
  expect(vaultUrl(resolveCloud(custom), "kv-x")).toBe("https://kv-x.vault.health.example");
  expect(vaultUrl(resolveCloud({ ...custom, keyVaultEndpoint: "https://kv-gw.health.example/" }), "kv-x")).toBe("https://kv-gw.health.example/kv-x");
});

test.each([
  ["AzureCloud", "https://api.loganalytics.io", "https://prometheus.monitor.azure.com/.default"],
  ["AzureUSGovernment", "https://api.loganalytics.us", undefined],
  ["AzureChinaCloud", "https://api.loganalytics.azure.cn", undefined],
] as const)("%s: the Log Analytics query API and the Prometheus query audience fhi rollout reads gates with", (name, logs, prometheus) => {
  const cloud = resolveCloud(name);
  expect(cloud.logAnalytics).toEqual({ endpoint: logs, scope: `${logs}/.default` });
  expect(cloud.prometheusScope).toBe(prometheus);
});

test("a custom cloud queries Log Analytics only where it names the API", () => {
  const custom = { resourceManagerUrl: "https://arm.health.example", keyVaultDnsSuffix: ".vault.health.example", authorityHost: "https://login.health.example" };
  expect(resolveCloud(custom).logAnalytics).toBeUndefined();
  expect(resolveCloud({ ...custom, logAnalyticsEndpoint: "https://logs.health.example/" }).logAnalytics).toEqual({ endpoint: "https://logs.health.example", scope: "https://logs.health.example/.default" });
});

test("an unknown environment is a config error naming the known ones", () => {
  expect(() => loadEnvironment("staging")).toThrow(`no such environment. Fix: use one of ${Object.keys(ENVIRONMENTS).join(", ")}`);
});
