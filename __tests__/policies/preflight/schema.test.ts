/**
 * The azurerm schema constraints `terraform validate` would enforce (FHI-PF-SCHEMA-001), from the committed table
 * projected from the provider's source (issue 12, finding 4: a node pool that cannot plan). Whether the table covers
 * every type our stacks emit is asserted on the synthesized estate (estate.test.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CONSTRAINTS } from "../../../policies/preflight/schema/constraints";
import { projectTable } from "../../../policies/preflight/schema/refresh";
import { removeFixtures, testCases, writeDeployment, writePlan, writeTerraformJson, type PreflightCase, type Resources } from "./helpers";

afterAll(removeFixtures);

const ROOT = path.resolve(__dirname, "../../..");

const POOL = "azurerm_kubernetes_cluster_node_pool.gpu";
const NODE_POOL_SOURCE = /\(internal\/services\/containers\/kubernetes_cluster_node_pool_resource\.go:\d+\)/;

function pool(upgradeSettings: Record<string, unknown> | Record<string, unknown>[]): Resources {
  return { [POOL]: { name: "gpu", kubernetes_cluster_id: "/subscriptions/x/aks", vm_size: "Standard_NC24ads_A100_v4", upgrade_settings: upgradeSettings } };
}

const BOTH = { max_surge: "1", max_unavailable: "0", drain_timeout_in_minutes: 30 };
const STORAGE = "azurerm_storage_account.data";

function account(attributes: Record<string, unknown>): Resources {
  return { [STORAGE]: { name: "stdata", resource_group_name: "rg", location: "eastus2", account_tier: "Standard", account_replication_type: "ZRS", ...attributes } };
}

const NSG = "azurerm_network_security_group.web";
const NSG_RULE = "azurerm_network_security_rule.deny_internet";

/** An NSG with one rule written as a separate resource, as our constructs write the deny-internet rules. */
function nsgWithSeparateRule(rule: Record<string, unknown> = {}): Resources {
  return {
    [NSG]: { name: "nsg-web", resource_group_name: "rg", location: "eastus2" },
    [NSG_RULE]: {
      name: "deny-internet-inbound",
      resource_group_name: "rg",
      network_security_group_name: "${azurerm_network_security_group.web.name}",
      priority: 4096,
      direction: "Inbound",
      access: "Deny",
      protocol: "*",
      source_port_range: "*",
      destination_port_range: "*",
      source_address_prefix: "Internet",
      destination_address_prefix: "*",
      ...rule,
    },
  };
}

const CASES: PreflightCase[] = [
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "upgrade_settings with both max_surge and max_unavailable, as cdktf writes it (finding 4)",
    input: () => writeDeployment({ "env-inference": { resource: pool(BOTH) } }),
    address: POOL,
    status: "fail",
    message: [
      "upgrade_settings.max_surge: only one of [upgrade_settings.0.max_surge, upgrade_settings.0.max_unavailable] can be set, but upgrade_settings.0.max_surge and upgrade_settings.0.max_unavailable are (ExactlyOneOf)",
      NODE_POOL_SOURCE,
    ],
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "the same in hand-written Terraform JSON (blocks as lists of one)",
    input: () => writeTerraformJson(pool([BOTH])),
    address: POOL,
    status: "fail",
    message: ["(ExactlyOneOf)", NODE_POOL_SOURCE],
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "upgrade_settings with max_surge only",
    input: () => writeTerraformJson(pool({ max_surge: "1", drain_timeout_in_minutes: 30 })),
    address: POOL,
    status: "pass",
    message: ["satisfies azurerm v4.55.0's schema"],
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "upgrade_settings with neither",
    input: () => writeTerraformJson(pool({ drain_timeout_in_minutes: 30 })),
    address: POOL,
    status: "fail",
    message: ["one of [upgrade_settings.0.max_surge, upgrade_settings.0.max_unavailable] must be set (ExactlyOneOf)"],
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "an azurerm 3.x argument name that 4.x removed",
    input: () => writeTerraformJson(account({ enable_https_traffic_only: true })),
    address: STORAGE,
    status: "fail",
    message: ["enable_https_traffic_only: is not an argument of this resource type"],
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "a value outside the provider's allowed list",
    input: () => writeTerraformJson(account({ account_replication_type: "XRS" })),
    address: STORAGE,
    status: "fail",
    message: ['account_replication_type: "XRS" is not one of LRS, ZRS, GRS, RAGRS, GZRS, RAGZRS', /\(internal\/services\/storage\/storage_account_resource\.go:\d+\)/],
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "a required argument left out",
    input: () => writeTerraformJson({ [STORAGE]: { name: "stdata", resource_group_name: "rg", location: "eastus2", account_tier: "Standard" } }),
    address: STORAGE,
    status: "fail",
    message: ["account_replication_type: is required"],
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "a timeouts block (the plugin SDK's, on every azurerm resource)",
    input: () => writeTerraformJson(account({ timeouts: { create: "60m" } })),
    address: STORAGE,
    status: "pass",
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "an expression where a literal is validated (cannot tell until apply, so no finding)",
    input: () => writeTerraformJson(account({ account_replication_type: "${var.replication}" })),
    address: STORAGE,
    status: "pass",
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "a plan (terraform validated it; planned values hold computed ones such as id)",
    input: () => writePlan(pool({ max_surge: "1" })),
    address: POOL,
    status: "pass",
    message: ["the provider validated its schema"],
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "an NSG whose rule is a separate resource: the NSG as written, not its effective view with the rule's own arguments",
    input: () => writeTerraformJson(nsgWithSeparateRule()),
    address: NSG,
    status: "pass",
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "the separate NSG rule, checked against its own type's schema",
    input: () => writeTerraformJson(nsgWithSeparateRule({ access: "Maybe" })),
    address: NSG_RULE,
    status: "fail",
    message: ['access: "Maybe" is not one of'],
  },
  {
    rule: "FHI-PF-SCHEMA-001",
    name: "a type the table does not hold",
    input: () => writeTerraformJson({ "azurerm_linux_virtual_machine.vm": { name: "vm" } }),
    address: "azurerm_linux_virtual_machine.vm",
    status: "unknown",
    message: ["azurerm_linux_virtual_machine is not in the constraint table (azurerm v4.55.0); refresh it"],
  },
];

describe("preflight: azurerm schema constraints", () => {
  testCases(CASES, ["schema"]);
});

describe("the constraint table", () => {
  it("records the provider tag it was projected from and that tag's commit", () => {
    expect(CONSTRAINTS).toMatchObject({ provider: "hashicorp/azurerm", version: "4.55.0", tag: "v4.55.0" });
    expect(CONSTRAINTS.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("is the file the compiled refresh.js writes", () => {
    const compiled = require(path.join(ROOT, "dist/policies/preflight/schema/refresh.js")) as typeof import("../../../policies/preflight/schema/refresh");
    expect(compiled.TABLE_FILE).toBe(path.join(ROOT, "policies/preflight/schema/azurerm-constraints.json"));
    expect(JSON.parse(fs.readFileSync(compiled.TABLE_FILE, "utf8")).commit).toBe(CONSTRAINTS.commit);
  });

  it("is refreshed only from an extraction of the pinned tag", () => {
    expect(() => projectTable({ tag: "v4.54.0", commit: "0".repeat(40), types: {} })).toThrow("the extraction is of v4.54.0, not v4.55.0");
  });

  it("cites a provider source line (its own or a vendored helper's) for every attribute", () => {
    const uncited: string[] = [];
    const visit = (type: string, attrs: (typeof CONSTRAINTS.types)[string]["block"]["attrs"], prefix: string) => {
      for (const [name, attribute] of Object.entries(attrs)) {
        if (!/^(internal|vendor)\/.+\.go:\d+$/.test(attribute.at)) uncited.push(`${type}.${prefix}${name}`);
        if (attribute.block) visit(type, attribute.block.attrs, `${prefix}${name}.`);
      }
    };
    for (const [type, { block }] of Object.entries(CONSTRAINTS.types)) visit(type, block.attrs, "");
    expect(uncited).toEqual([]);
  });
});
