import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, Aspects, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { PolicyAspect } from "../../policies/cdktf/aspect";
import { suppressPolicy } from "../../policies/cdktf/suppress";
import { run } from "../../scripts/program";

interface Annotation {
  readonly level: string;
  readonly message: string;
  readonly constructPath: string;
}

/** A one-stack app with the policy aspect, as buildApp wires it. */
function appWith(declare: (stack: TerraformStack) => void): { app: App; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-aspect-"));
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, "test");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  declare(stack);
  Aspects.of(stack).add(new PolicyAspect());
  return { app, outdir };
}

function annotationsOf(outdir: string): Annotation[] {
  return JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks.test.annotations;
}

const owner = (stack: TerraformStack) => new RoleAssignment(stack, "deployer", { scope: "/subscriptions/x", roleDefinitionName: "Owner", principalId: "p" });

describe("PolicyAspect during synth", () => {
  it("turns a failing error rule into an error annotation on the resource, which stops synth", () => {
    const { app } = appWith(owner);
    expect(() => app.synth()).toThrow(/\[test\/deployer\] \[FHI-IAM-001\] azurerm_role_assignment\.deployer: role_definition_name is Owner/);
  });

  it("lets a suppressed finding through", () => {
    const { app, outdir } = appWith((stack) => suppressPolicy(owner(stack), { ruleId: "FHI-IAM-001", reason: "Break-glass deployer until PIM is rolled out" }));
    app.synth();
    expect(annotationsOf(outdir).filter((annotation) => annotation.level === "@cdktf/error")).toEqual([]);
  });

  it("records warnings as warning annotations without stopping synth", () => {
    const { app, outdir } = appWith((stack) => new ResourceGroup(stack, "untagged", { name: "rg", location: "eastus2" }));
    app.synth();
    expect(annotationsOf(outdir)).toEqual([expect.objectContaining({ level: "@cdktf/warn", constructPath: "test/untagged", message: expect.stringMatching(/^\[FHI-TAG-001\] azurerm_resource_group\.untagged: missing tag/) })]);
  });
});

describe("PolicyAspect across stacks", () => {
  function twoStacks(associate: boolean): App {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "fhi-aspect-")), stackTraces: false });
    const policy = new PolicyAspect();
    const network = new TerraformStack(app, "network");
    new AzurermProvider(network, "azurerm", { features: [{}] });
    const subnet = new Subnet(network, "subnet", { name: "snet-app", resourceGroupName: "rg", virtualNetworkName: "vnet", addressPrefixes: ["10.0.0.0/24"] });
    const workload = new TerraformStack(app, "workload");
    new AzurermProvider(workload, "azurerm", { features: [{}] });
    const nsg = new NetworkSecurityGroup(workload, "nsg", { name: "nsg-app", resourceGroupName: "rg", location: "eastus2", tags: { owner: "o", "cost-center": "c", "data-classification": "internal", environment: "dev" } });
    suppressPolicy(nsg, { ruleId: "FHI-MON-010", reason: "This test is about the subnet association only" });
    // The association lives in another stack than the subnet; cdktf turns subnet.id into a remote-state output.
    if (associate) new SubnetNetworkSecurityGroupAssociation(workload, "association", { subnetId: subnet.id, networkSecurityGroupId: nsg.id });
    for (const stack of [network, workload]) Aspects.of(stack).add(policy);
    return app;
  }

  it("resolves a relationship declared in another stack", () => {
    expect(() => twoStacks(true).synth()).not.toThrow();
  });

  it("fails the subnet when no stack associates an NSG with it", () => {
    expect(() => twoStacks(false).synth()).toThrow(/\[FHI-NET-001\] azurerm_subnet\.subnet: no azurerm_subnet_network_security_group_association/);
  });
});

describe("fhi synth on our environments", () => {
  it("reports zero policy errors for dev, pilot and prod, with findings per stack in the summary", async () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-synth-")), "out");
    let stdout = "";
    let stderr = "";
    const code = await run(["synth", "--outdir", outdir], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    expect(stderr).not.toContain("error");
    expect(code).toBe(0);
    const [header, , ...rows] = stdout.split("\n");
    expect(header).toMatch(/stack +environment +region +resources +policy errors +policy warnings +preflight errors$/);
    const stacks = rows.filter((row) => /^(dev|pilot|prod)-/.test(row));
    expect(stacks.length).toBeGreaterThanOrEqual(9);
    for (const row of stacks) expect(row).toMatch(/ 0 +\d+ +0$/);
  });
});
