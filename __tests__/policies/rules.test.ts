import * as fs from "node:fs";
import * as path from "node:path";
import { HIPAA_AZURE_PACK } from "../../policies/pack";
import type { Rule } from "../../policies/engine/rule";
import { CHILD_OF_TYPE, CHILD_RESOURCES } from "../../policies/model/children";
import { CONFIGURATION_ONLY_CASES, METRICS_ONLY_DIAGNOSTICS, RULE_CASES, STORAGE_BLOB_DIAGNOSTICS, type CaseForm, type RuleCase } from "../fixtures/policies/rule-cases";
import { FORM_CASES } from "../fixtures/policies/rule-form-cases";
import { evaluateIn, FORMS, resultOf, type Form } from "./helpers";
import { CREATION_PHASE_VARIABLE } from "../../stacks/deploy-contract";

const byId = new Map(HIPAA_AZURE_PACK.map((rule) => [rule.id, rule]));
const ALL_CASES = [...RULE_CASES, ...FORM_CASES];
const RULES_DIRECTORY = path.join(__dirname, "../../policies/rules");

function statusOf(form: Form, testCase: RuleCase, which: "good" | "bad" | "unknown") {
  const subject = `${testCase.type}.subject`;
  const others = which === "good" ? testCase.goodOthers : which === "bad" ? testCase.badOthers : undefined;
  const resources = { [subject]: testCase[which]!, ...(others ?? {}) };
  const rule = byId.get(testCase.rule);
  if (!rule) throw new Error(`no rule ${testCase.rule}`);
  const result = resultOf(evaluateIn(form, resources, [rule], undefined, testCase.providers), rule.id, subject);
  return result?.status ?? "not applicable";
}

/** The forms a case is rendered in: azapi 1.x string bodies only where there is an azapi resource. */
function formsOf(testCase: RuleCase): readonly Form[] {
  const azapi = [testCase.type, ...Object.keys({ ...testCase.goodOthers, ...testCase.badOthers })].some((type) => type.startsWith("azapi_resource"));
  return FORMS.filter((form) => azapi || form !== "azapi 1.x string bodies");
}

const caseName = (testCase: RuleCase) => `${testCase.rule} ${testCase.type}${testCase.form ? ` (${testCase.form}${testCase.providers ? `, azurerm ${testCase.providers.azurerm}` : ""})` : ""}`;

describe("every rule passes its compliant and fails its non-compliant cases, in every form", () => {
  it("covers every rule of the pack", () => {
    const covered = new Set([...ALL_CASES, ...CONFIGURATION_ONLY_CASES].map((testCase) => testCase.rule));
    expect(HIPAA_AZURE_PACK.map((rule) => rule.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(ALL_CASES.map((testCase) => [caseName(testCase), testCase] as const))("%s", (_name, testCase) => {
    const forms = formsOf(testCase);
    const expected = (status: string) => Object.fromEntries(forms.map((form) => [form, status]));
    if (testCase.good) expect(Object.fromEntries(forms.map((form) => [form, statusOf(form, testCase, "good")]))).toEqual(expected("pass"));
    if (testCase.bad) expect(Object.fromEntries(forms.map((form) => [form, statusOf(form, testCase, "bad")]))).toEqual(expected("fail"));
  });

  it.each(CONFIGURATION_ONLY_CASES.map((testCase) => [caseName(testCase), testCase] as const))("%s in configuration forms; unknown in a plan", (_id, testCase) => {
    for (const form of ["cdktf", "tf.json lists", "scalars as strings", "numeric strings as numbers"] as const) {
      expect(statusOf(form, testCase, "good")).toBe("pass");
      expect(statusOf(form, testCase, "bad")).toBe("fail");
    }
    expect(statusOf("plan", testCase, "bad")).toBe("unknown");
  });
});

describe("values that cannot be known are unknown, never pass", () => {
  const withUnknown = ALL_CASES.filter((testCase) => testCase.unknown);
  it("has unknown fixtures for several services", () => expect(withUnknown.length).toBeGreaterThanOrEqual(6));
  it.each(withUnknown.map((testCase) => [caseName(testCase), testCase] as const))("%s", (_name, testCase) => {
    for (const form of formsOf(testCase)) expect([form, statusOf(form, testCase, "unknown")]).toEqual([form, "unknown"]);
  });
});

/** A rule's source file and the shared helpers it imports from rules/common. */
function sourcesOf(rule: Rule): string {
  const files = fs.readdirSync(RULES_DIRECTORY, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
  const own = files.find((file) => fs.readFileSync(path.join(RULES_DIRECTORY, file), "utf8").includes(`id: "${rule.id}"`));
  if (!own) throw new Error(`no source for ${rule.id}`);
  const text = fs.readFileSync(path.join(RULES_DIRECTORY, own), "utf8");
  const helpers = [...text.matchAll(/from "\.\.\/common\/(\w+)"/g)].map((match) => fs.readFileSync(path.join(RULES_DIRECTORY, "common", `${match[1]}.ts`), "utf8"));
  return [text, ...helpers].join("\n// --- helpers ---\n");
}

/** The forms of input a rule reads, and so must be shown to read. */
function formsNeeded(rule: Rule): CaseForm[] {
  const sources = sourcesOf(rule);
  const needed: CaseForm[] = [];
  if ((rule.generations ?? []).some((generation) => /^azurerm [23]\.x$/.test(generation))) needed.push("older syntax");
  if (rule.resourceTypes.some((type) => CHILD_OF_TYPE.has(type))) needed.push("standalone", "orphan");
  else if (CHILD_RESOURCES.some((child) => rule.resourceTypes.includes(child.parentType) && sources.includes(`"${child.block}`))) needed.push("standalone");
  // Enum comparisons, in the rule or the shared checks that compare enums for it.
  if (/\b(oneOf|sameText|expectOneOf|checkInternetExposure|expectIsolationMode|isAmlCompute)\(/.test(sources.split("\n// --- helpers ---\n")[0])) needed.push("case");
  if (/destination_port_ranges|authorized_ip_ranges|assignable_scopes|"protocols"/.test(sources)) needed.push("lists");
  if (/\{ \d: (true|false)/.test(sources)) needed.push("provider version");
  return needed;
}

describe("every rule is shown to read the forms of input it claims", () => {
  it("declares the provider generations it reads", () => {
    expect(HIPAA_AZURE_PACK.filter((rule) => !rule.generations || rule.generations.length === 0).map((rule) => rule.id)).toEqual([]);
  });

  it.each(HIPAA_AZURE_PACK.map((rule) => [rule.id, rule] as const))("%s", (_id, rule) => {
    const shown = new Set([...ALL_CASES, ...CONFIGURATION_ONLY_CASES].filter((testCase) => testCase.rule === rule.id).map((testCase) => testCase.form));
    expect(formsNeeded(rule).filter((form) => !shown.has(form))).toEqual([]);
  });
});

describe("FHI-IAM-001 knows the privileged built-in roles by role definition ID", () => {
  // learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged, each role's JSON "name".
  const rule = byId.get("FHI-IAM-001")!;
  const status = (roleDefinitionId: string) =>
    resultOf(evaluateIn("cdktf", { "azurerm_role_assignment.subject": { role_definition_id: roleDefinitionId, scope: "s", principal_id: "p" } }, [rule]), rule.id, "azurerm_role_assignment.subject")?.status;
  it.each([
    ["Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"],
    ["Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"],
    ["User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"],
    ["Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"],
  ])("%s (%s) fails, tenant-wide or subscription-scoped, in any case", (_name, guid) => {
    expect(status(`/providers/Microsoft.Authorization/roleDefinitions/${guid}`)).toBe("fail");
    expect(status(`/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/${guid.toUpperCase()}`)).toBe("fail");
  });
  it("passes a narrow built-in role by ID (AcrPull)", () => expect(status("/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d")).toBe("pass"));
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

  it("names only repository files that exist in its rationales and remediations", () => {
    const named = HIPAA_AZURE_PACK.flatMap((rule) =>
      [...`${rule.rationale} ${rule.remediation}`.matchAll(/\b((?:stacks|constructs|deploy|policies|docs|environments|scripts|review|ops)\/[\w./-]*\w)/g)].map((match) => `${rule.id}: ${match[1]}`),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((entry) => !fs.existsSync(path.join(__dirname, "../..", entry.split(": ")[1])))).toEqual([]);
  });

  it("FHI-APIM-001 tells how the estate creates API Management: the creation-phase variable, not a waiver", () => {
    const { remediation } = byId.get("FHI-APIM-001")!;
    expect(remediation).toContain(CREATION_PHASE_VARIABLE);
    expect(remediation).toContain("stacks/deploy-contract.ts");
    expect(remediation).not.toMatch(/waive this finding only/);
  });

  it("lists every rule file under policies/rules", () => {
    const files = fs.readdirSync(RULES_DIRECTORY, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts") && !/^(common|suppression)\//.test(file));
    const declared = files.flatMap((file) => [...fs.readFileSync(path.join(RULES_DIRECTORY, file), "utf8").matchAll(/id: "(FHI-[A-Z]+-\d{3})"/g)].map((match) => match[1]));
    expect(declared.sort()).toEqual(HIPAA_AZURE_PACK.map((rule) => rule.id).sort());
    expect(files.length).toBe(HIPAA_AZURE_PACK.length);
  });
});
