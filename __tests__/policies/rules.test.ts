import * as fs from "node:fs";
import * as path from "node:path";
import { HIPAA_AZURE_PACK } from "../../policies/pack";
import { CONFIGURATION_ONLY_CASES, METRICS_ONLY_DIAGNOSTICS, RULE_CASES, STORAGE_BLOB_DIAGNOSTICS, type RuleCase } from "../fixtures/policies/rule-cases";
import { evaluateIn, FORMS, resultOf, type Form } from "./helpers";

const byId = new Map(HIPAA_AZURE_PACK.map((rule) => [rule.id, rule]));

function statusOf(form: Form, testCase: RuleCase, which: "good" | "bad" | "unknown") {
  const subject = `${testCase.type}.subject`;
  const others = which === "good" ? testCase.goodOthers : which === "bad" ? testCase.badOthers : undefined;
  const resources = { [subject]: testCase[which]!, ...(others ?? {}) };
  const rule = byId.get(testCase.rule);
  if (!rule) throw new Error(`no rule ${testCase.rule}`);
  const result = resultOf(evaluateIn(form, resources, [rule]), rule.id, subject);
  return result?.status ?? "not applicable";
}

describe("every rule has a compliant and a non-compliant fixture", () => {
  it("covers every rule of the pack", () => {
    const covered = new Set([...RULE_CASES, ...CONFIGURATION_ONLY_CASES].map((testCase) => testCase.rule));
    expect(HIPAA_AZURE_PACK.map((rule) => rule.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  describe.each(FORMS)("in %s form", (form) => {
    it.each(RULE_CASES.map((testCase) => [testCase.rule, testCase] as const))("%s", (_id, testCase) => {
      expect(statusOf(form, testCase, "good")).toBe("pass");
      expect(statusOf(form, testCase, "bad")).toBe("fail");
    });
  });

  it.each(CONFIGURATION_ONLY_CASES.map((testCase) => [testCase.rule, testCase] as const))("%s in configuration forms; unknown in a plan", (_id, testCase) => {
    for (const form of ["cdktf", "tf.json lists"] as const) {
      expect(statusOf(form, testCase, "good")).toBe("pass");
      expect(statusOf(form, testCase, "bad")).toBe("fail");
    }
    expect(statusOf("plan", testCase, "bad")).toBe("unknown");
  });
});

describe("values that cannot be known are unknown, never pass", () => {
  const withUnknown = RULE_CASES.filter((testCase) => testCase.unknown);
  it("has unknown fixtures for several services", () => expect(withUnknown.length).toBeGreaterThanOrEqual(6));
  describe.each(FORMS)("in %s form", (form) => {
    it.each(withUnknown.map((testCase) => [testCase.rule, testCase] as const))("%s", (_id, testCase) => {
      expect(statusOf(form, testCase, "unknown")).toBe("unknown");
    });
  });
});

describe("relationship rules resolve references by address", () => {
  const storage = { name: "st" };
  it.each(FORMS)("storage logs on the blob service count for the account (%s)", (form) => {
    const evaluation = evaluateIn(form, { "azurerm_storage_account.subject": storage, ...STORAGE_BLOB_DIAGNOSTICS });
    expect(resultOf(evaluation, "FHI-MON-010", "azurerm_storage_account.subject")?.status).toBe("pass");
  });
  it.each(FORMS)("a metrics-only diagnostic setting does not count (%s)", (form) => {
    const evaluation = evaluateIn(form, { "azurerm_storage_account.subject": storage, ...METRICS_ONLY_DIAGNOSTICS });
    expect(resultOf(evaluation, "FHI-MON-010", "azurerm_storage_account.subject")).toMatchObject({ status: "fail", message: expect.stringContaining("metrics only") });
  });
});

describe("the pack", () => {
  it("has stable, unique IDs and 60+ rules with rationale, remediation and references", () => {
    const ids = HIPAA_AZURE_PACK.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(60);
    for (const rule of HIPAA_AZURE_PACK) {
      expect(rule.id).toMatch(/^FHI-[A-Z]+-\d{3}$/);
      expect(rule.rationale.length).toBeGreaterThan(30);
      expect(rule.remediation.length).toBeGreaterThan(10);
      expect(rule.references.hipaa.length).toBeGreaterThan(0);
      for (const id of rule.references.checkov) expect(id).toMatch(/^CKV2?_AZURE_\d+$/);
      for (const id of rule.references.trivy) expect(id).toMatch(/^AVD-AZU-\d{4}$/);
      for (const id of rule.references.azurePolicy) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      for (const section of rule.references.hipaa) expect(section).toMatch(/^164\.3\d\d\(/);
    }
  });

  it("lists every rule file under policies/rules", () => {
    const root = path.join(__dirname, "../../policies/rules");
    const files = fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts") && !/^(common|suppression)\//.test(file));
    const declared = files.flatMap((file) => [...fs.readFileSync(path.join(root, file), "utf8").matchAll(/id: "(FHI-[A-Z]+-\d{3})"/g)].map((match) => match[1]));
    expect(declared.sort()).toEqual(HIPAA_AZURE_PACK.map((rule) => rule.id).sort());
    expect(files.length).toBe(HIPAA_AZURE_PACK.length);
  });
});
