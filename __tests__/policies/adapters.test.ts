import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildModel, InputError, loadModel, readCdktfStacks, readTerraformJson } from "../../policies/adapters";
import { isUnknown, valueAt } from "../../policies/model";

const FIXTURES = path.join(__dirname, "../fixtures/policies");
const fixture = (name: string) => path.join(FIXTURES, name);

function modelOf(document: object) {
  return buildModel(readTerraformJson(document, { file: "main.tf.json", kind: "terraform-json", scope: "main" }));
}

describe("Terraform JSON adapter", () => {
  it("reads nested blocks in object and list form alike", () => {
    const asObject = modelOf({ resource: { azurerm_key_vault: { kv: { network_acls: { default_action: "Deny" } } } } });
    const asList = modelOf({ resource: { azurerm_key_vault: { kv: { network_acls: [{ default_action: "Deny" }] } } } });
    for (const model of [asObject, asList]) expect(valueAt(model.resources[0].values, "network_acls.default_action")).toBe("Deny");
  });

  it("accepts the list form at the resource and type level", () => {
    const { model } = loadModel([fixture("hand-written.tf.json")]);
    expect(model.resources.map((resource) => resource.address).sort()).toEqual(["azurerm_network_security_group.jump", "azurerm_storage_account.records"]);
  });

  it("makes expressions Unknown, keeps escaped literals, and marks dynamic blocks Unknown", () => {
    const model = modelOf({
      resource: {
        azurerm_key_vault: {
          kv: {
            purge_protection_enabled: "${var.purge}",
            name: "$${not-an-expression}",
            description: "kv-${var.suffix}",
            dynamic: { network_acls: { for_each: "${var.acls}", content: { default_action: "Deny" } } },
          },
        },
      },
    });
    const values = model.resources[0].values;
    expect(isUnknown(values.purge_protection_enabled)).toBe(true);
    expect(values.name).toBe("${not-an-expression}");
    expect(isUnknown(values.description)).toBe(true);
    expect(isUnknown(valueAt(values, "network_acls.default_action"))).toBe(true);
  });

  it("resolves references by address in both directions", () => {
    const model = modelOf({
      resource: {
        azurerm_key_vault: { kv: { name: "kv" } },
        azurerm_private_endpoint: { pe: { private_service_connection: [{ private_connection_resource_id: "${azurerm_key_vault.kv.id}" }] } },
      },
    });
    const vault = model.resources.find((resource) => resource.type === "azurerm_key_vault")!;
    const endpoint = model.resources.find((resource) => resource.type === "azurerm_private_endpoint")!;
    expect(model.referrers(vault).map((referrer) => [referrer.resource.address, referrer.path])).toEqual([["azurerm_private_endpoint.pe", "private_service_connection.private_connection_resource_id"]]);
    expect(model.referencedBy(endpoint).map((target) => target.address)).toEqual(["azurerm_key_vault.kv"]);
  });

  it("reads a directory of *.tf.json as one module, references crossing files", () => {
    const { model, inputs } = loadModel([fixture("module")]);
    expect(inputs[0].kind).toBe("terraform-directory");
    const subnet = model.resources.find((resource) => resource.type === "azurerm_subnet")!;
    expect(model.referrers(subnet).map((referrer) => referrer.resource.address)).toEqual(["azurerm_subnet_network_security_group_association.app"]);
  });

  it("records the line of each resource", () => {
    const { model } = loadModel([fixture("hand-written.tf.json")]);
    const lines = fs.readFileSync(fixture("hand-written.tf.json"), "utf8").split("\n");
    for (const resource of model.resources) expect(lines[resource.source.line! - 1]).toContain(`"${resource.name}"`);
  });
});

describe("plan JSON adapter", () => {
  const { model } = loadModel([fixture("plan.json")]);
  const byAddress = (address: string) => model.resources.find((resource) => resource.address === address)!;

  it("takes planned values, prior values and actions", () => {
    const vault = byAddress("module.vault.azurerm_key_vault.main");
    expect(vault.source.kind).toBe("plan");
    expect(vault.actions).toEqual(["update"]);
    expect(vault.values.purge_protection_enabled).toBe(false);
    expect(vault.before?.purge_protection_enabled).toBe(true);
  });

  it("marks after_unknown values Unknown, also inside blocks", () => {
    expect(isUnknown(byAddress("azurerm_storage_account.logs[0]").values.public_network_access_enabled)).toBe(true);
    expect(isUnknown(valueAt(byAddress("azurerm_private_endpoint.vault").values, "private_service_connection.private_ip_address"))).toBe(true);
  });

  it("resolves module references from the configuration and literal ARM IDs from values", () => {
    const vault = byAddress("module.vault.azurerm_key_vault.main");
    expect(model.referrers(vault).map((referrer) => referrer.resource.address).sort()).toEqual(["azurerm_private_endpoint.vault", "module.vault.azurerm_monitor_diagnostic_setting.kv"]);
  });
});

describe("cdktf output", () => {
  it("follows cross-stack references through remote state outputs", () => {
    const network = {
      resource: { azurerm_subnet: { pe: { name: "snet-pe" } } },
      output: { "cross-stack-output-azurerm_subnetpeid": { value: "${azurerm_subnet.pe.id}", sensitive: true } },
    };
    const platform = {
      data: { terraform_remote_state: { "cross-stack-reference-input-dev-network": { backend: "azurerm", config: {} } } },
      resource: {
        azurerm_subnet_network_security_group_association: {
          a: { subnet_id: "${data.terraform_remote_state.cross-stack-reference-input-dev-network.outputs.cross-stack-output-azurerm_subnetpeid}" },
        },
      },
    };
    const model = buildModel(
      readCdktfStacks([
        { stack: "dev-network", file: "stacks/dev-network/cdk.tf.json", document: network },
        { stack: "dev-platform", file: "stacks/dev-platform/cdk.tf.json", document: platform },
      ]),
    );
    const subnet = model.resources.find((resource) => resource.type === "azurerm_subnet")!;
    expect(subnet.source.stack).toBe("dev-network");
    expect(model.referrers(subnet).map((referrer) => `${referrer.resource.source.stack}/${referrer.resource.address}`)).toEqual(["dev-platform/azurerm_subnet_network_security_group_association.a"]);
  });
});

describe("malformed or unknown input", () => {
  const problemOf = (target: string) => {
    try {
      loadModel([target]);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as Error).message;
    }
    throw new Error("loadModel accepted it");
  };

  it("names the file and says what is wrong, on one line", () => {
    const cases: [string, RegExp][] = [
      [fixture("malformed.json"), /malformed\.json: not valid JSON \(/],
      [fixture("not-terraform.json"), /not-terraform\.json: not Terraform JSON .* and not a plan/],
      [fixture("missing.tf.json"), /missing\.tf\.json: no such file or directory/],
      [fs.mkdtempSync(path.join(os.tmpdir(), "fhi-empty-")), /a directory with neither a cdktf manifest\.json nor \*\.tf\.json files/],
    ];
    for (const [target, message] of cases) {
      const problem = problemOf(target);
      expect(problem).toMatch(message);
      expect(problem).not.toContain("\n");
    }
  });

  it("rejects a resource body that is not an object, naming the address", () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-policy-"));
    const file = path.join(directory, "bad.tf.json");
    fs.writeFileSync(file, JSON.stringify({ resource: { azurerm_key_vault: { kv: 42 } } }));
    expect(problemOf(file)).toBe(`${file}: azurerm_key_vault.kv must be an object with the resource's arguments`);
    fs.rmSync(directory, { recursive: true });
  });

  it.each([
    [{ actions: "create", after: {} }, '"change.actions" must be a list such as ["update"]'],
    [{ after: {} }, '"change.actions" must be a list such as ["update"]'],
    [{ actions: ["create"], after: "x" }, '"change.after" must be an object or null'],
    [{ actions: ["update"], before: [1], after: {} }, '"change.before" must be an object or null'],
  ])("rejects a plan resource change of the wrong shape (%j), naming it", (change, problem) => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-policy-"));
    const file = path.join(directory, "plan.json");
    const plan = { format_version: "1.2", resource_changes: [{ address: "azurerm_key_vault.kv", type: "azurerm_key_vault", change }] };
    fs.writeFileSync(file, JSON.stringify(plan));
    expect(problemOf(file)).toBe(`${file}: resource_changes[0] (azurerm_key_vault.kv): ${problem}`);
    fs.rmSync(directory, { recursive: true });
  });
});
