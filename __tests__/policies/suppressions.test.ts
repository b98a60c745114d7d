import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { suppressPolicy } from "../../policies/cdktf/suppress";
import { readSuppressionFile } from "../../policies/engine/suppressions";
import { evaluate } from "../../policies/engine/evaluate";
import { buildModel } from "../../policies/adapters/raw";
import { readTerraformJson } from "../../policies/adapters/terraform-json";
import { HIPAA_AZURE_PACK } from "../../policies/pack";
import { loadModel } from "../../policies/adapters";

const NOW = new Date("2026-06-01T12:00:00Z");
const OWNER = { scope: "/subscriptions/x", role_definition_name: "Owner", principal_id: "p" };

/** An Owner assignment (FHI-IAM-001, error, suppressible) and a public container (FHI-ST-013, critical). */
function evaluateWith(suppressions: object[]) {
  const document = {
    resource: {
      azurerm_role_assignment: { deployer: { ...OWNER, "//": { policy_suppressions: suppressions } } },
      azurerm_storage_container: { public: { name: "c", container_access_type: "blob", "//": { policy_suppressions: suppressions } } },
    },
  };
  return evaluate(buildModel(readTerraformJson(document, { file: "main.tf.json", kind: "cdktf", scope: "main" })), HIPAA_AZURE_PACK, { now: NOW });
}
const statusOf = (evaluation: ReturnType<typeof evaluateWith>, ruleId: string, address: string) =>
  evaluation.results.find((result) => result.ruleId === ruleId && result.address === address);

describe("suppressions", () => {
  it("suppress a failing rule when they name it with a reason", () => {
    const evaluation = evaluateWith([{ ruleId: "FHI-IAM-001", reason: "Break-glass deployer until PIM is rolled out", expires: "2026-12-31" }]);
    expect(statusOf(evaluation, "FHI-IAM-001", "azurerm_role_assignment.deployer")).toMatchObject({
      status: "suppressed",
      suppression: { reason: "Break-glass deployer until PIM is rolled out", expires: "2026-12-31", origin: "code" },
    });
    expect(statusOf(evaluation, "FHI-SUP-001", "azurerm_role_assignment.deployer")?.status).toBe("pass");
    expect(statusOf(evaluation, "FHI-SUP-002", "azurerm_role_assignment.deployer")?.status).toBe("pass");
  });

  it("need a reason of at least 10 characters", () => {
    const evaluation = evaluateWith([{ ruleId: "FHI-IAM-001", reason: "needed" }]);
    expect(statusOf(evaluation, "FHI-IAM-001", "azurerm_role_assignment.deployer")?.status).toBe("fail");
    expect(statusOf(evaluation, "FHI-SUP-001", "azurerm_role_assignment.deployer")).toMatchObject({ status: "fail", message: expect.stringContaining("at least 10 characters") });
  });

  it("cannot waive a critical rule", () => {
    const evaluation = evaluateWith([{ ruleId: "FHI-ST-013", reason: "Public release notes container for the portal" }]);
    expect(statusOf(evaluation, "FHI-ST-013", "azurerm_storage_container.public")?.status).toBe("fail");
    expect(statusOf(evaluation, "FHI-SUP-001", "azurerm_storage_container.public")).toMatchObject({ status: "fail", message: expect.stringContaining("critical rule and cannot be suppressed") });
  });

  it("stop applying after their expiry date, which is itself a finding", () => {
    const evaluation = evaluateWith([{ ruleId: "FHI-IAM-001", reason: "Break-glass deployer until PIM is rolled out", expires: "2026-05-31" }]);
    expect(statusOf(evaluation, "FHI-IAM-001", "azurerm_role_assignment.deployer")?.status).toBe("fail");
    expect(statusOf(evaluation, "FHI-SUP-002", "azurerm_role_assignment.deployer")).toMatchObject({ status: "fail", severity: "error", message: expect.stringContaining("expired on 2026-05-31") });
  });

  it("apply on their expiry day", () => {
    const evaluation = evaluateWith([{ ruleId: "FHI-IAM-001", reason: "Break-glass deployer until PIM is rolled out", expires: "2026-06-01" }]);
    expect(statusOf(evaluation, "FHI-IAM-001", "azurerm_role_assignment.deployer")?.status).toBe("suppressed");
  });

  it("reject unknown rules and malformed dates", () => {
    const unknownRule = evaluateWith([{ ruleId: "FHI-XYZ-999", reason: "A reason that is long enough" }]);
    expect(statusOf(unknownRule, "FHI-SUP-001", "azurerm_role_assignment.deployer")?.message).toContain("not a rule of the pack");
    const badDate = evaluateWith([{ ruleId: "FHI-IAM-001", reason: "A reason that is long enough", expires: "31/12/2026" }]);
    expect(statusOf(badDate, "FHI-IAM-001", "azurerm_role_assignment.deployer")?.status).toBe("fail");
    expect(statusOf(badDate, "FHI-SUP-001", "azurerm_role_assignment.deployer")?.message).toContain("YYYY-MM-DD");
  });

  it("come from a file for foreign input, matched by address pattern", () => {
    const file = path.join(__dirname, "../fixtures/policies/suppressions.json");
    const { model } = loadModel([path.join(__dirname, "../fixtures/policies/hand-written.tf.json")]);
    const evaluation = evaluate(model, HIPAA_AZURE_PACK, { suppressions: readSuppressionFile(file), now: NOW });
    expect(evaluation.results.find((result) => result.ruleId === "FHI-ST-004")).toMatchObject({ status: "suppressed", suppression: { origin: file } });
  });
});

describe("suppressPolicy (in code, next to the resource)", () => {
  function stackWithOwner(): { app: App; assignment: RoleAssignment } {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    const assignment = new RoleAssignment(stack, "deployer", { scope: "/subscriptions/x", roleDefinitionName: "Owner", principalId: "p" });
    return { app, assignment };
  }

  it("writes the suppression into the synthesized JSON", () => {
    const { assignment } = stackWithOwner();
    suppressPolicy(assignment, { ruleId: "FHI-IAM-001", reason: "Break-glass deployer until PIM is rolled out" });
    const json = assignment.cdktfStack.toTerraform();
    const [body] = Object.values(json.resource.azurerm_role_assignment) as { "//": { policy_suppressions: unknown[] } }[];
    expect(body["//"].policy_suppressions).toEqual([{ ruleId: "FHI-IAM-001", reason: "Break-glass deployer until PIM is rolled out" }]);
  });

  it("fails at once for a short reason, a critical or unknown rule, or a bad date", () => {
    const { assignment } = stackWithOwner();
    expect(() => suppressPolicy(assignment, { ruleId: "FHI-IAM-001", reason: "because" })).toThrow(/at least 10 characters/);
    expect(() => suppressPolicy(assignment, { ruleId: "FHI-NSG-001", reason: "Bastion is not deployed yet" })).toThrow(/critical rule/);
    expect(() => suppressPolicy(assignment, { ruleId: "FHI-NOPE-001", reason: "Bastion is not deployed yet" })).toThrow(/not a rule of the pack/);
    expect(() => suppressPolicy(assignment, { ruleId: "FHI-IAM-001", reason: "Bastion is not deployed yet", expires: "next year" })).toThrow(/YYYY-MM-DD/);
  });
});

describe("suppression files (fhi policy check --suppressions)", () => {
  const hundred = {
    resource: {
      azurerm_role_assignment: Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`a${index}`, { ...OWNER, principal_id: `p${index}` }])),
    },
  };
  const model = buildModel(readTerraformJson(hundred, { file: "main.tf.json", kind: "terraform-json", scope: "main" }));

  function writeFile(entries: unknown[]): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-suppressions-")), "suppressions.json");
    fs.writeFileSync(file, `${JSON.stringify({ suppressions: entries }, null, 2)}\n`);
    return file;
  }

  it.each([
    ["a reason too short", { ruleId: "FHI-IAM-001", address: "*", reason: "temp" }, "FHI-SUP-001", "at least 10 characters"],
    ["an unknown rule", { ruleId: "FHI-NOPE-001", address: "*", reason: "A reason that is long enough" }, "FHI-SUP-001", "not a rule of the pack"],
    ["a critical rule", { ruleId: "FHI-NSG-001", address: "*", reason: "A reason that is long enough" }, "FHI-SUP-001", "critical rule"],
    ["an expired date", { ruleId: "FHI-IAM-001", address: "*", reason: "Break-glass deployers until PIM", expires: "2026-01-31" }, "FHI-SUP-002", "expired on 2026-01-31"],
  ])("report an entry with %s once, at the entry, however many resources it matches", (_what, entry, ruleId, message) => {
    const file = writeFile([{ ruleId: "FHI-TAG-001", address: "*", reason: "Tags come from the landing zone policy" }, entry]);
    const evaluation = evaluate(model, HIPAA_AZURE_PACK, { suppressions: readSuppressionFile(file), now: NOW });
    const findings = evaluation.results.filter((result) => result.ruleId.startsWith("FHI-SUP-"));
    expect(findings).toEqual([expect.objectContaining({ ruleId, status: "fail", address: "*", file, line: 9, message: expect.stringContaining("suppressions[1]") })]);
    expect(findings[0].message).toContain(message);
    // A bad entry suppresses nothing: every Owner assignment still fails.
    expect(evaluation.results.filter((result) => result.ruleId === "FHI-IAM-001" && result.status === "fail")).toHaveLength(100);
  });

  it("do not change how many resources were checked", () => {
    const without = evaluate(model, HIPAA_AZURE_PACK, { now: NOW });
    const withFile = evaluate(model, HIPAA_AZURE_PACK, { suppressions: readSuppressionFile(writeFile([{ ruleId: "FHI-IAM-001", address: "*", reason: "Break-glass deployers until PIM" }])), now: NOW });
    expect(withFile.resources).toBe(without.resources);
    expect(withFile.resources).toBe(100);
    expect(withFile.results.filter((result) => result.status === "suppressed")).toHaveLength(100);
  });

  it("with malformed entries are an input error listing every one of them", () => {
    const file = writeFile([{ ruleId: "FHI-IAM-001", address: "*" }, "not an entry", { ruleId: "FHI-IAM-001", address: "", reason: "A reason that is long enough", expires: 20260101 }]);
    expect(() => readSuppressionFile(file)).toThrow(
      /4 malformed entries: suppressions\[0\]\.reason must be a non-empty string; suppressions\[1\] must be an object .*; suppressions\[2\]\.address must be a non-empty string; suppressions\[2\]\.expires must be a date string YYYY-MM-DD/,
    );
  });
});
