import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { formatTable } from "../../scripts/cli/table";
import { checkPaths, PACK_VERSION } from "../../policies";
import { renderReport, REPORT_FORMATS } from "../../policies/report";
import { fhi, sarifValidator } from "./helpers";

const FIXTURES = path.join(__dirname, "../fixtures/policies");
const fixture = (name: string) => path.join(FIXTURES, name);

describe("fhi policy check", () => {
  it("exits 0 when nothing fails at or above --fail-on (default error)", async () => {
    const result = await fhi("policy", "check", fixture("clean.tf.json"));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Gate (--fail-on error): passed");
  });

  it("exits 1 on error findings and shows them grouped by severity", async () => {
    const result = await fhi("policy", "check", fixture("hand-written.tf.json"));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ERROR \(\d+\)/m);
    expect(result.stdout).toMatch(/FHI-NSG-001 +azurerm_network_security_group\.jump/);
    expect(result.stdout).toMatch(/FHI-ST-001 +azurerm_storage_account\.records .*hand-written\.tf\.json:\d+/);
  });

  it("applies --fail-on to warnings", async () => {
    expect((await fhi("policy", "check", fixture("warnings-only.tf.json"))).code).toBe(0);
    expect((await fhi("policy", "check", fixture("warnings-only.tf.json"), "--fail-on", "warning")).code).toBe(1);
    expect((await fhi("policy", "check", fixture("hand-written.tf.json"), "--fail-on", "never")).code).toBe(0);
  });

  it("checks a plan: deletes are gone, unknowns are reported, module references resolve", async () => {
    const result = await fhi("policy", "check", fixture("plan.json"), "--format", "json");
    const report = JSON.parse(result.stdout);
    expect(result.code).toBe(1);
    const find = (ruleId: string, address: string) => report.results.find((r: { ruleId: string; address: string }) => r.ruleId === ruleId && r.address === address);
    expect(find("FHI-KV-001", "module.vault.azurerm_key_vault.main").status).toBe("fail");
    expect(find("FHI-KV-006", "module.vault.azurerm_key_vault.main").status).toBe("pass");
    expect(find("FHI-MON-010", "module.vault.azurerm_key_vault.main").status).toBe("pass");
    expect(find("FHI-ST-003", "azurerm_storage_account.logs[0]").status).toBe("unknown");
    expect(report.results.some((r: { address: string }) => r.address === "azurerm_network_security_group.old")).toBe(false);
  });

  it("prints one JSON object: rules with references, a result per (rule, resource) including passes, a summary", async () => {
    const result = await fhi("policy", "check", fixture("hand-written.tf.json"), "--format", "json");
    const report = JSON.parse(result.stdout);
    expect(report.rules.length).toBeGreaterThanOrEqual(60);
    expect(report.rules.find((rule: { id: string }) => rule.id === "FHI-ST-001")).toEqual({
      id: "FHI-ST-001",
      title: expect.any(String),
      severity: "error",
      critical: true,
      references: { checkov: ["CKV_AZURE_3"], trivy: ["AVD-AZU-0008"], azurePolicy: ["404c3081-a854-4457-ae30-26a93ef643f9"], hipaa: expect.arrayContaining(["164.312(e)(1)"]) },
    });
    const storageResults = report.results.filter((r: { address: string }) => r.address === "azurerm_storage_account.records");
    expect(storageResults.length).toBe(report.rules.filter((rule: { id: string }) => /^FHI-(ST-0(0\d|1[0-2]|1[4-6])|MON-010|TAG-00[12]|LOCK-001)$/.test(rule.id)).length);
    for (const entry of report.results) {
      expect(Object.keys(entry)).toEqual(expect.arrayContaining(["ruleId", "address", "file", "status", "message"]));
      expect(["pass", "fail", "unknown", "suppressed"]).toContain(entry.status);
    }
    expect(report.results.filter((r: { status: string }) => r.status === "pass").length).toBeGreaterThan(0);
    expect(report.summary).toMatchObject({ failed: true, failOn: "error" });
  });

  it("writes SARIF 2.1.0 that validates against the shipped schema", async () => {
    const validate = sarifValidator();
    for (const input of ["hand-written.tf.json", "plan.json", "clean.tf.json"]) {
      const result = await fhi("policy", "check", fixture(input), "--format", "sarif", "--suppressions", fixture("suppressions.json"));
      const sarif = JSON.parse(result.stdout);
      expect(validate(sarif) ? [] : validate.errors).toEqual([]);
      expect(sarif.version).toBe("2.1.0");
      expect(sarif.runs[0].tool.driver.rules[0].help.markdown).toContain("Remediation");
    }
    const sarif = JSON.parse((await fhi("policy", "check", fixture("hand-written.tf.json"), "--format", "sarif")).stdout);
    const ssh = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "FHI-NSG-001");
    expect(ssh).toMatchObject({ level: "error", kind: "fail", locations: [{ physicalLocation: { artifactLocation: { uri: expect.stringMatching(/hand-written\.tf\.json$/) }, region: { startLine: expect.any(Number) } } }] });
    expect(sarif.runs[0].tool.driver.rules[ssh.ruleIndex].id).toBe("FHI-NSG-001");
  });

  it("renders markdown for a pull-request comment", async () => {
    const result = await fhi("policy", "check", fixture("hand-written.tf.json"), "--format", "markdown");
    expect(result.stdout).toMatch(/^## Policy check: :x: failed/);
    expect(result.stdout).toMatch(/^\| :x: \| FHI-NSG-001 \| `azurerm_network_security_group.jump` \|/m);
    // Every table row has as many cells as its header, so GitHub renders it.
    const cells = (line: string) => line.replace(/\\\|/g, "").split("|").length;
    for (const table of result.stdout.split(/\n\n+/).filter((block) => block.startsWith("|"))) {
      const lines = table.trim().split("\n");
      expect(lines[1]).toMatch(/^\|(---\|)+$/);
      for (const line of lines) expect(cells(line)).toBe(cells(lines[0]));
    }
  });

  it.each(REPORT_FORMATS)("prints --format %s exactly as the shared renderer (policies/report/render.ts) renders the evaluation", async (format) => {
    const inputs = [fixture("hand-written.tf.json"), fixture("plan.json")];
    const result = await fhi("policy", "check", ...inputs, "--format", format, "--suppressions", fixture("suppressions.json"));
    const evaluation = checkPaths(inputs, { suppressionFile: fixture("suppressions.json") });
    expect(result.stdout).toBe(renderReport(evaluation, { format, failOn: "error", title: "Policy check", packVersion: PACK_VERSION, baseDirectory: process.cwd(), formatTable }));
  });

  it("honours a suppression file and reports the suppression", async () => {
    const result = await fhi("policy", "check", fixture("hand-written.tf.json"), "--format", "json", "--suppressions", fixture("suppressions.json"));
    const st004 = JSON.parse(result.stdout).results.find((r: { ruleId: string }) => r.ruleId === "FHI-ST-004");
    expect(st004).toMatchObject({ status: "suppressed", suppression: { expires: "2099-12-31" } });
  });

  it("writes the report to --output and says so on stderr", async () => {
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-policy-")), "report.json");
    const result = await fhi("policy", "check", fixture("hand-written.tf.json"), "--format", "json", "--output", output);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`report written to ${output}`);
    expect(JSON.parse(fs.readFileSync(output, "utf8")).summary.failed).toBe(true);
  });

  it.each([
    ["malformed.json", /^error: .*malformed\.json: not valid JSON \(.*\)\n$/],
    ["not-terraform.json", /^error: .*not-terraform\.json: not Terraform JSON/],
    ["missing.json", /^error: .*missing\.json: no such file or directory\n$/],
  ])("exits 2 with a one-line error naming %s", async (name, message) => {
    const result = await fhi("policy", "check", fixture("clean.tf.json"), fixture(name));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stdout).toBe("");
  });

  it("takes a cdktf.out directory and a stack's cdk.tf.json, and tells a plan from its content, not its name", async () => {
    const outputs = path.join(__dirname, "../fixtures/review/outputs/before");
    const whole = JSON.parse((await fhi("policy", "check", outputs, "--format", "json", "--fail-on", "never")).stdout);
    expect(new Set(whole.results.map((r: { stack: string }) => r.stack))).toEqual(new Set(["dev-eastus2-network", "dev-eastus2-platform"]));
    const stackFile = path.join(outputs, "stacks/dev-eastus2-network/cdk.tf.json");
    const one = JSON.parse((await fhi("policy", "check", stackFile, "--format", "json", "--fail-on", "never")).stdout);
    expect(one.results.length).toBeGreaterThan(0);
    expect(one.results.every((r: { stack: string; file: string }) => r.stack === "dev-eastus2-network" && r.file.endsWith("cdk.tf.json"))).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-policy-"));
    const disguised = path.join(dir, "plan.tf.json");
    fs.copyFileSync(fixture("plan.json"), disguised);
    const plan = JSON.parse((await fhi("policy", "check", disguised, "--format", "json", "--fail-on", "never")).stdout);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(plan.results.find((r: { ruleId: string; address: string }) => r.ruleId === "FHI-ST-003" && r.address === "azurerm_storage_account.logs[0]").status).toBe("unknown");
  });

  describe("plan input", () => {
    const temp = (name: string, content: string | Buffer) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-plan-")), name);
      fs.writeFileSync(file, content);
      return file;
    };
    const plan = JSON.parse(fs.readFileSync(fixture("plan.json"), "utf8"));

    it("exits 2 on a binary plan file and says to run terraform show -json", async () => {
      // `terraform plan -out` writes a zip archive.
      const file = temp("prod.tfplan", Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(64)]));
      const result = await fhi("policy", "check", file);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`error: ${file}: a binary Terraform plan, which only Terraform can read. Fix: run \`terraform show -json ${file} > plan.json\` and check plan.json\n`);
    });

    it.each([
      ["a plan without resource_changes", { format_version: "1.2", planned_values: { root_module: {} } }],
      ["the JSON of a state", { format_version: "1.0", terraform_version: "1.9.8", values: { root_module: { resources: [] } } }],
    ])("exits 2 on %s, as its message says", async (_what, document) => {
      const result = await fhi("policy", "check", temp("plan.json", JSON.stringify(document)));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/has no "resource_changes": .* Fix: run `terraform plan -out=tfplan` then `terraform show -json tfplan > plan.json`/);
      expect(result.stdout).toBe("");
    });

    it("warns about a plan format_version it does not know, and still checks the plan", async () => {
      const result = await fhi("policy", "check", temp("plan.json", JSON.stringify({ ...plan, format_version: "2.0" })), "--format", "json");
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^warning: .*plan\.json: plan format_version "2\.0" is not one this tool knows \(0\.x, 1\.x\); results may be incomplete/);
      expect(JSON.parse(result.stdout).results.length).toBeGreaterThan(0);
      expect((await fhi("policy", "check", fixture("plan.json"), "--format", "json")).stderr).toBe("");
    });
  });

  describe("suppression files", () => {
    const suppressions = (entries: unknown) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-suppressions-")), "suppressions.json");
      fs.writeFileSync(file, JSON.stringify({ suppressions: entries }));
      return file;
    };

    it("report a wildcard entry with a short reason once, and leave the resource totals alone", async () => {
      const plain = JSON.parse((await fhi("policy", "check", fixture("hand-written.tf.json"), "--format", "json")).stdout);
      const result = await fhi("policy", "check", fixture("hand-written.tf.json"), "--format", "json", "--suppressions", suppressions([{ ruleId: "FHI-ST-004", address: "*", reason: "later" }]));
      const report = JSON.parse(result.stdout);
      expect(result.code).toBe(1);
      expect(report.results.filter((r: { ruleId: string }) => r.ruleId === "FHI-SUP-001")).toEqual([expect.objectContaining({ status: "fail", address: "*", message: expect.stringContaining("at least 10 characters") })]);
      expect(report.summary.resources).toBe(plain.summary.resources);
      expect(report.results.length).toBe(plain.results.length + 1);
    });

    it("exit 2 when the file cannot be read or its entries are malformed", async () => {
      const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-suppressions-")), "broken.json");
      fs.writeFileSync(broken, "{ not json");
      for (const file of [broken, suppressions([{ ruleId: "FHI-ST-004" }]), suppressions("all")]) {
        const result = await fhi("policy", "check", fixture("hand-written.tf.json"), "--suppressions", file);
        expect([file, result.code]).toEqual([file, 2]);
        expect(result.stderr).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
        expect(result.stdout).toBe("");
      }
    });
  });

  it("documents every option in --help, including --suppressions", async () => {
    const help = (await fhi("policy", "check", "--help")).stdout;
    for (const option of ["--format", "--output", "--fail-on", "--suppressions"]) expect(help).toContain(option);
    expect(fs.readFileSync(path.join(__dirname, "../../docs/RULES.md"), "utf8")).toContain("--suppressions FILE");
  });

  it("exits 2, not 1, when --output cannot be written", async () => {
    const output = path.join(os.tmpdir(), "fhi-no-such-dir", "nested", "report.json");
    const result = await fhi("policy", "check", fixture("hand-written.tf.json"), "--output", output);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: --output ${output}: cannot be written (ENOENT). Fix: name a file in an existing, writable directory\n`);
  });

  it("exits 2 on a bad option value", async () => {
    expect((await fhi("policy", "check", fixture("clean.tf.json"), "--format", "xml")).code).toBe(2);
    expect((await fhi("policy", "check", fixture("clean.tf.json"), "--fail-on", "info")).code).toBe(2);
  });
});

describe("the compiled fhi binary (what `npx fhi` runs)", () => {
  const cli = path.join(__dirname, "../../dist/scripts/fhi.js");
  it.each([
    ["clean.tf.json", 0],
    ["hand-written.tf.json", 1],
    ["malformed.json", 2],
  ])("policy check %s exits %i", (name, code) => {
    const result = spawnSync(process.execPath, [cli, "policy", "check", fixture(name), "--format", "json"], { encoding: "utf8" });
    expect(result.status).toBe(code);
    if (code < 2) expect(JSON.parse(result.stdout).summary.failed).toBe(code === 1);
  });
});

describe("fhi policy rules", () => {
  it("prints the catalog as JSON", async () => {
    const result = await fhi("policy", "rules", "--format", "json");
    const { rules } = JSON.parse(result.stdout);
    expect(rules.length).toBeGreaterThanOrEqual(60);
    expect(rules[0]).toMatchObject({ id: "FHI-AKS-001", rationale: expect.any(String), remediation: expect.any(String), references: expect.any(Object) });
  });

  it("generates docs/RULES.md (run `npm run rules:doc` when this fails)", async () => {
    const result = await fhi("policy", "rules");
    expect(fs.readFileSync(path.join(__dirname, "../../docs/RULES.md"), "utf8")).toBe(result.stdout);
    for (const id of ["FHI-SUP-001", "FHI-KV-001", "CKV_AZURE_110", "AVD-AZU-0016", "0b60c0b2-2dc2-4e1c-b5c9-abbed971de53", "164.312(c)(1)"]) expect(result.stdout).toContain(id);
  });
});
