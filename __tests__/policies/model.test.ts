import { buildModel } from "../../policies/adapters/raw";
import { readPlanJson } from "../../policies/adapters/plan-json";
import { readTerraformJson } from "../../policies/adapters/terraform-json";
import { evaluate } from "../../policies/engine/evaluate";
import { HIPAA_AZURE_PACK } from "../../policies/pack";
import { isUnknown, valueAt, type ValueObject } from "../../policies/model";
import { normalizeValue, normalizeValues } from "../../policies/model/normalize";
import { azurermMajor, majorAllowedBy } from "../../policies/model/provider";

function modelOf(document: object, kind: "terraform-json" | "cdktf" = "terraform-json") {
  return buildModel(readTerraformJson(document, { file: "main.tf.json", kind, scope: "main" }));
}

describe("values are normalised once, from the provider schema's types", () => {
  it("converts literals the way Terraform does (cty): numbers and booleans to strings, strings to numbers and booleans", () => {
    const values = normalizeValues("azurerm_network_security_rule", { destination_port_range: 3389, priority: "100", destination_port_ranges: [22, "80-90"], source_address_prefix: "*" });
    expect(values).toEqual({ destination_port_range: "3389", priority: 100, destination_port_ranges: ["22", "80-90"], source_address_prefix: "*" });
    expect(normalizeValues("azurerm_key_vault", { purge_protection_enabled: "true", soft_delete_retention_days: "7", rbac_authorization_enabled: "0" })).toEqual({
      purge_protection_enabled: true,
      soft_delete_retention_days: 7,
      rbac_authorization_enabled: false,
    });
    expect(normalizeValue("s", true)).toBe("true");
    expect(normalizeValue("b", "1")).toBe(true);
  });

  it("leaves what it cannot convert, unknowns, unknown attributes and unknown types alone", () => {
    expect(normalizeValues("azurerm_key_vault", { purge_protection_enabled: "yes", soft_delete_retention_days: "seven", not_an_attribute: "1" })).toEqual({
      purge_protection_enabled: "yes",
      soft_delete_retention_days: "seven",
      not_an_attribute: "1",
    });
    const unknownPort = modelOf({ resource: { azurerm_network_security_rule: { r: { destination_port_range: "${var.port}" } } } }).resources[0].values.destination_port_range;
    expect(isUnknown(unknownPort)).toBe(true);
    expect(normalizeValues("aws_s3_bucket", { force_destroy: "true" })).toEqual({ force_destroy: "true" });
  });

  it("normalises nested blocks in object and list form, and keeps their shape", () => {
    const asObject = normalizeValues("azurerm_storage_account", { blob_properties: { delete_retention_policy: { days: "30" } } });
    const asList = normalizeValues("azurerm_storage_account", { blob_properties: [{ delete_retention_policy: [{ days: "30" }] }] });
    expect(asObject).toEqual({ blob_properties: { delete_retention_policy: { days: 30 } } });
    expect(asList).toEqual({ blob_properties: [{ delete_retention_policy: [{ days: 30 }] }] });
    expect(normalizeValues("azurerm_network_security_group", { security_rule: [{ destination_port_range: 22, priority: "100" }] })).toEqual({ security_rule: [{ destination_port_range: "22", priority: 100 }] });
  });

  it("reads a single value where a list belongs as the list the author meant, and converts map values", () => {
    expect(normalizeValues("azurerm_network_security_rule", { destination_port_ranges: 22 })).toEqual({ destination_port_ranges: ["22"] });
    expect(normalizeValues("azurerm_resource_group", { tags: { tier: 1, on: true } })).toEqual({ tags: { tier: "1", on: "true" } });
  });

  it("normalises the attributes of older provider generations too", () => {
    expect(normalizeValues("azurerm_kubernetes_cluster", { role_based_access_control: [{ enabled: "false" }], addon_profile: { oms_agent: { enabled: "true" } } })).toEqual({
      role_based_access_control: [{ enabled: false }],
      addon_profile: { oms_agent: { enabled: true } },
    });
    expect(normalizeValues("azurerm_storage_account", { enable_https_traffic_only: "false" })).toEqual({ enable_https_traffic_only: false });
  });

  it("does it for configuration (Terraform JSON, cdktf), not for data sources nor for plans, whose values the provider typed", () => {
    const fromJson = modelOf({ resource: { azurerm_key_vault: { kv: { purge_protection_enabled: "true" } } }, data: { azurerm_key_vault: { shared: { name: 1 } } } });
    expect(fromJson.resources.find((resource) => resource.mode === "managed")!.values.purge_protection_enabled).toBe(true);
    expect(fromJson.resources.find((resource) => resource.mode === "data")!.values.name).toBe(1);
    expect(modelOf({ resource: { azurerm_key_vault: { kv: { soft_delete_retention_days: "7" } } } }, "cdktf").resources[0].values.soft_delete_retention_days).toBe(7);
    const plan = {
      format_version: "1.2",
      resource_changes: [
        { address: "azurerm_network_security_rule.r", mode: "managed", type: "azurerm_network_security_rule", name: "r", change: { actions: ["update"], before: { priority: 100 }, after: { priority: 200, destination_port_range: "22" } } },
      ],
    };
    const [rule] = buildModel(readPlanJson(plan, "plan.json")).resources;
    expect([rule.values.priority, rule.values.destination_port_range, (rule.before as ValueObject).priority]).toEqual([200, "22", 100]);
  });

  it("makes 3389 and \"3389\" the same port for the rules: FHI-NSG-002 fails a number port from anywhere", () => {
    for (const port of [3389, "3389", [3389], ["3389"], "3380-3390", "*"]) {
      const single = Array.isArray(port) ? { destination_port_ranges: port } : { destination_port_range: port };
      const model = modelOf({ resource: { azurerm_network_security_rule: { rdp: { direction: "inbound", access: "allow", protocol: "tcp", source_address_prefix: "*", ...single } } } });
      const result = evaluate(model, HIPAA_AZURE_PACK.filter((rule) => rule.id === "FHI-NSG-002")).results[0];
      expect([port, result.status]).toEqual([port, "fail"]);
    }
  });
});

describe("the provider generation comes from the input's version constraint", () => {
  it.each([
    ["~> 3.0", 3],
    ["~> 3.117.0", 3],
    [">= 2.0, < 3.0", 2],
    ["= 2.46.1", 2],
    ["4.55.0", 4],
    [">= 3.0", 4],
    ["< 4.1", 4],
    ["~> 3", 4],
  ] as const)("%s allows at most azurerm %i.x", (constraint, major) => expect(majorAllowedBy(constraint, 4)).toBe(major));

  it("reads required_providers (object, list and string forms), the older provider block, and a plan's provider_config", () => {
    const resource = { resource: { azurerm_storage_account: { st: { name: "st" } } } };
    const cases: [object, number | undefined][] = [
      [{ terraform: { required_providers: { azurerm: { source: "hashicorp/azurerm", version: "~> 3.0" } } }, ...resource }, 3],
      [{ terraform: [{ required_providers: [{ azurerm: { source: "hashicorp/azurerm", version: "~> 2.99" } }] }], ...resource }, 2],
      [{ terraform: { required_providers: { azurerm: "=2.46.0" } }, ...resource }, 2],
      [{ provider: { azurerm: [{ version: "~> 3.50", features: [{}] }] }, ...resource }, 3],
      [resource, undefined],
    ];
    for (const [document, major] of cases) expect(azurermMajor(modelOf(document).resources[0])).toBe(major);
    const plan = {
      format_version: "1.2",
      configuration: { provider_config: { azurerm: { name: "azurerm", version_constraint: "~> 3.0" } } },
      resource_changes: [{ address: "azurerm_storage_account.st", mode: "managed", type: "azurerm_storage_account", name: "st", change: { actions: ["create"], before: null, after: {} } }],
    };
    expect(azurermMajor(buildModel(readPlanJson(plan, "plan.json")).resources[0])).toBe(3);
  });
});

describe("resources that configure another resource are judged as part of it", () => {
  const nsg = { name: "nsg-web", resource_group_name: "rg-web" };
  const rdp = { direction: "Inbound", access: "Allow", protocol: "Tcp", priority: 100, source_address_prefix: "*", destination_port_range: "3389" };
  const rdpRule = (extra: object) => ({ resource: { azurerm_network_security_group: { web: nsg }, azurerm_network_security_rule: { rdp: { ...rdp, resource_group_name: "rg-web", ...extra } } } });

  it.each([
    ["by reference", { network_security_group_name: "${azurerm_network_security_group.web.name}" }],
    ["by literal name and resource group", { network_security_group_name: "nsg-web" }],
  ])("merges a standalone NSG rule named %s into its NSG's effective rules, and judges it there only", (_how, extra) => {
    const model = modelOf(rdpRule(extra));
    const group = model.resources.find((resource) => resource.type === "azurerm_network_security_group")!;
    expect(valueAt(model.effective(group).values, "security_rule.destination_port_range")).toBe("3389");
    const results = evaluate(model, HIPAA_AZURE_PACK).results.filter((result) => result.ruleId === "FHI-NSG-002");
    expect(results.map((result) => [result.address, result.status])).toEqual([["azurerm_network_security_group.web", "fail"]]);
    expect(results[0].message).toContain("azurerm_network_security_rule.rdp");
  });

  it("does not take a same-named NSG of another resource group as the parent", () => {
    const model = modelOf(rdpRule({ network_security_group_name: "nsg-web", resource_group_name: "rg-other" }));
    const results = evaluate(model, HIPAA_AZURE_PACK).results.filter((result) => result.ruleId === "FHI-NSG-002");
    expect(results.map((result) => [result.address, result.status]).sort()).toEqual([
      ["azurerm_network_security_group.web", "pass"],
      ["azurerm_network_security_rule.rdp", "fail"],
    ]);
  });

  it("keeps inline rules built by an expression unknown, and still fails an open standalone rule beside them", () => {
    const model = modelOf({
      resource: {
        azurerm_network_security_group: { web: { ...nsg, dynamic: { security_rule: { for_each: "${var.rules}", content: {} } } } },
        azurerm_network_security_rule: { rdp: { ...rdp, network_security_group_name: "${azurerm_network_security_group.web.name}" } },
      },
    });
    const result = evaluate(model, HIPAA_AZURE_PACK).results.find((candidate) => candidate.ruleId === "FHI-NSG-002")!;
    expect(result.status).toBe("fail");
  });

  it("lets a separate storage network rules resource replace the account's block, and ignores a child a plan deletes", () => {
    const account = { name: "st", network_rules: { default_action: "Allow" } };
    const rules = { storage_account_id: "${azurerm_storage_account.st.id}", default_action: "Deny" };
    const model = modelOf({ resource: { azurerm_storage_account: { st: account }, azurerm_storage_account_network_rules: { rules } } });
    expect(valueAt(model.effective(model.resources[0]).values, "network_rules.default_action")).toBe("Deny");
    const plan = {
      format_version: "1.2",
      resource_changes: [
        { address: "azurerm_storage_account.st", mode: "managed", type: "azurerm_storage_account", name: "st", change: { actions: ["no-op"], before: account, after: { ...account, id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st" } } },
        {
          address: "azurerm_storage_account_network_rules.rules",
          mode: "managed",
          type: "azurerm_storage_account_network_rules",
          name: "rules",
          change: { actions: ["delete"], before: { ...rules, storage_account_id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st" }, after: null },
        },
      ],
    };
    const planned = buildModel(readPlanJson(plan, "plan.json"));
    expect(valueAt(planned.effective(planned.resources[0]).values, "network_rules.default_action")).toBe("Allow");
  });

  it("judges a child alone, as its parent's block, when the parent is not in the input (or is a data source)", () => {
    const model = modelOf({
      data: { azurerm_storage_account: { shared: { name: "st" } } },
      resource: { azurerm_storage_account_network_rules: { rules: { storage_account_id: "${data.azurerm_storage_account.shared.id}", default_action: "Allow" } } },
    });
    const child = model.resources.find((resource) => resource.mode === "managed")!;
    expect(model.parentOf(child)).toBeUndefined();
    expect(model.effective(child).values).toEqual({ network_rules: child.values });
    expect(evaluate(model, HIPAA_AZURE_PACK).results.filter((result) => result.ruleId === "FHI-ST-004").map((result) => result.status)).toEqual(["fail"]);
  });
});
