import { generateTable, policiesSourceDirectory, schemaFromBinding, typesNamedIn } from "../../policies/model/schema/generate";
import { GENERATED_TABLE, isBlockSchema, schemaOf, type BlockSchema } from "../../policies/model/schema";
import { LEGACY_ATTRIBUTES } from "../../policies/model/schema/legacy";

/** Every attribute path of a schema with its type, blocks as `path{}`. */
function flatten(schema: BlockSchema, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, type] of Object.entries(schema)) {
    if (isBlockSchema(type)) {
      out.set(`${prefix}${name}`, "{}");
      for (const [path, nested] of flatten(type, `${prefix}${name}.`)) out.set(path, nested);
    } else out.set(`${prefix}${name}`, type);
  }
  return out;
}

describe("the azurerm type table (azurerm-types.json)", () => {
  it("matches the installed provider bindings for every type it covers, and covers every azurerm type the policy sources name (npm run schema:types)", () => {
    // Generated anew from node_modules/@cdktf/provider-azurerm: a stale table, a binding upgrade or a newly named type fails here.
    expect(generateTable(policiesSourceDirectory())).toEqual(GENERATED_TABLE);
  });

  it("covers the types the rules judge and the neighbours they read", () => {
    const named = typesNamedIn(policiesSourceDirectory());
    for (const type of ["azurerm_network_security_rule", "azurerm_storage_account_network_rules", "azurerm_monitor_diagnostic_setting", "azurerm_management_lock"]) expect(named).toContain(type);
  });

  it("types what the bindings type, e.g. ports as strings and priorities as numbers", () => {
    const rule = schemaFromBinding("azurerm_network_security_rule")!;
    expect(rule).toMatchObject({ destination_port_range: "s", destination_port_ranges: "l:s", priority: "n", source_address_prefixes: "l:s" });
    expect(schemaOf("azurerm_storage_account")).toMatchObject({ https_traffic_only_enabled: "b", tags: "m:s", blob_properties: { delete_retention_policy: { days: "n" } } });
  });

  it("adds older generations' attributes without retyping what the current bindings type", () => {
    for (const [type, legacy] of Object.entries(LEGACY_ATTRIBUTES)) {
      const current = GENERATED_TABLE.resources[type];
      if (!current) continue;
      const generated = flatten(current);
      const clashes = [...flatten(legacy)].filter(([path, kind]) => generated.has(path) && generated.get(path) !== kind);
      expect([type, clashes]).toEqual([type, []]);
    }
    expect(schemaOf("azurerm_kubernetes_cluster")).toMatchObject({ addon_profile: { oms_agent: { enabled: "b" } }, role_based_access_control_enabled: "b" });
    expect(schemaOf("azurerm_monitor_log_profile")).toMatchObject({ retention_policy: { days: "n" } });
  });
});
