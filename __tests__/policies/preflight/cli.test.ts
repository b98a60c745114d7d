/**
 * `fhi preflight`: exit codes, report formats and the catalog (docs/PREFLIGHT.md), on the fixtures under
 * __tests__/fixtures/preflight (two cdktf.out directories, Terraform JSON and a plan).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { PREFLIGHT_PACK, preflightCatalog } from "../../../policies/preflight";
import { fhi, sarifValidator } from "../helpers";

const fixture = (name: string) => path.join(__dirname, "../../fixtures/preflight", name);
/** A cdktf.out whose later stack's state account has no path from the runners (issue 12, finding 1). */
const UNREACHABLE = fixture("unreachable-state");
/** The same with the state's private endpoint and linked zone in the bootstrap. */
const REACHABLE = fixture("reachable-state");

interface JsonReport {
  rules: { id: string; sources?: string[] }[];
  results: { ruleId: string; address: string; stack?: string; file: string; line?: number; status: string; message: string }[];
  summary: { failed: boolean; fail: number };
}

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

describe("fhi preflight <path...>", () => {
  it("exits 1 on a cdktf.out whose state the runners cannot reach, naming the rule, the stack file and the problem", async () => {
    const result = await fhi("preflight", UNREACHABLE);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^ERROR \(1\)/m);
    expect(result.stdout).toMatch(
      /FHI-PF-REACH-001 +terraform\.backend\.azurerm +\S*stacks\/env-network\/cdk\.tf\.json +azurerm_storage_account\.state \(blob\) has no public network access and no blob private endpoint in the deploy runners' network \(azurerm_virtual_network\.runners\)/,
    );
    expect(result.stdout).toContain("Gate (--fail-on error): FAILED");
  });

  it.each([
    ["a cdktf.out whose state is reachable", REACHABLE],
    ["clean Terraform JSON", fixture("clean.tf.json")],
  ])("exits 0 on %s", async (_name, input) => {
    const result = await fhi("preflight", input);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No failing checks.");
    expect(result.stdout).toContain("Gate (--fail-on error): passed");
  });

  it("reports each finding of a Terraform JSON file at its line, with the provider source of a schema constraint", async () => {
    const report = json((await fhi("preflight", fixture("findings.tf.json"), "--format", "json")).stdout);
    const failing = report.results.filter((result) => result.status === "fail").map(({ ruleId, address, line, message }) => ({ ruleId, address, line, message }));
    expect(failing).toEqual([
      { ruleId: "FHI-PF-APIM-001", address: "azurerm_api_management.gateway", line: expect.any(Number), message: "public_network_access_enabled = false on the apply that creates the instance" },
      { ruleId: "FHI-PF-APIM-002", address: "azurerm_api_management.gateway", line: expect.any(Number), message: "sign_up set on StandardV2_1" },
      {
        ruleId: "FHI-PF-SCHEMA-001",
        address: "azurerm_kubernetes_cluster_node_pool.gpu",
        line: expect.any(Number),
        message: expect.stringMatching(/^upgrade_settings\.max_surge: only one of .* \(ExactlyOneOf\) \(internal\/services\/containers\/kubernetes_cluster_node_pool_resource\.go:\d+\)/),
      },
    ]);
  });

  it("checks a `terraform show -json` plan: an updated ARM key fails, closing an existing gateway's public access passes", async () => {
    const result = await fhi("preflight", fixture("plan.json"), "--format", "json");
    expect(result.code).toBe(1);
    const report = json(result.stdout);
    const find = (ruleId: string, address: string) => report.results.find((entry) => entry.ruleId === ruleId && entry.address === address);
    expect(find("FHI-PF-ORDER-004", "azapi_resource.cmk")).toMatchObject({ status: "fail", line: expect.any(Number), message: "the plan updates azapi_resource.cmk; Resource Manager ignores updates to an existing key" });
    expect(find("FHI-PF-APIM-001", "azurerm_api_management.gateway")).toMatchObject({ status: "pass" });
  });

  it("prints JSON with every rule and its sources, a result per check and a summary", async () => {
    const report = json((await fhi("preflight", UNREACHABLE, "--format", "json")).stdout);
    expect(report.rules.map((rule) => rule.id)).toEqual(expect.arrayContaining(PREFLIGHT_PACK.map((rule) => rule.id)));
    expect(report.rules.find((rule) => rule.id === "FHI-PF-REACH-001")?.sources).toEqual(expect.arrayContaining([expect.stringMatching(/^https:\/\/learn\.microsoft\.com\//)]));
    expect(report.results.find((result) => result.ruleId === "FHI-PF-REACH-001" && result.stack === "env-network")).toMatchObject({ status: "fail", address: "terraform.backend.azurerm" });
    expect(report.summary).toMatchObject({ failed: true, fail: 1 });
  });

  it("writes SARIF 2.1.0 that validates, with each rule's sources in its help", async () => {
    const validate = sarifValidator();
    const sarif = JSON.parse((await fhi("preflight", UNREACHABLE, "--format", "sarif")).stdout);
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const [run] = sarif.runs;
    const finding = run.results.find((result: { kind: string }) => result.kind === "fail");
    expect(finding).toMatchObject({ ruleId: "FHI-PF-REACH-001", level: "error", locations: [{ physicalLocation: { artifactLocation: { uri: expect.stringMatching(/stacks\/env-network\/cdk\.tf\.json$/) } } }] });
    const rule = run.tool.driver.rules[finding.ruleIndex];
    expect(rule.help.text).toContain("Sources: https://learn.microsoft.com/azure/developer/terraform/store-state-in-azure-storage");
  });

  it("renders markdown with a findings table GitHub can show", async () => {
    const result = await fhi("preflight", UNREACHABLE, "--format", "markdown");
    expect(result.stdout).toMatch(/^## Preflight: :x: failed/);
    expect(result.stdout).toMatch(/^\| :x: \| FHI-PF-REACH-001 \| `terraform\.backend\.azurerm` \|.*\| azurerm_storage_account\.state \(blob\) has no public network access/m);
    const cells = (line: string) => line.replace(/\\\|/g, "").split("|").length;
    for (const table of result.stdout.split(/\n\n+/).filter((block) => block.startsWith("|"))) {
      const lines = table.trim().split("\n");
      for (const line of lines) expect(cells(line)).toBe(cells(lines[0]));
    }
  });

  it("applies --fail-on and writes --output", async () => {
    expect((await fhi("preflight", UNREACHABLE, "--fail-on", "never")).code).toBe(0);
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-preflight-cli-")), "preflight.json");
    const result = await fhi("preflight", UNREACHABLE, "--format", "json", "--output", output);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(`1 failing, 0 unknown of ${json(fs.readFileSync(output, "utf8")).results.length} checks; report written to ${output}\n`);
    fs.rmSync(path.dirname(output), { recursive: true, force: true });
  });

  it("exits 2 with one line naming a path that does not exist", async () => {
    const missing = fixture("no-such-output");
    const result = await fhi("preflight", missing);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `error: ${missing}: no such file or directory\n` });
  });

  it("exits 2 with the fix when no path is given", async () => {
    const result = await fhi("preflight");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: no input\. Fix: name a cdktf\.out directory .* or pass --rules\n$/);
  });

  it("exits 2 on a bad option value", async () => {
    expect((await fhi("preflight", REACHABLE, "--format", "xml")).code).toBe(2);
    expect((await fhi("preflight", REACHABLE, "--fail-on", "info")).code).toBe(2);
  });
});

describe("the compiled fhi binary (what `npx fhi preflight` runs)", () => {
  const cli = path.join(__dirname, "../../../dist/scripts/fhi.js");
  it.each([
    [REACHABLE, 0],
    [UNREACHABLE, 1],
    [fixture("no-such-output"), 2],
  ])("preflight %s exits %i", (input, code) => {
    const result = spawnSync(process.execPath, [cli, "preflight", input, "--format", "json"], { encoding: "utf8" });
    expect(result.status).toBe(code);
    if (code < 2) expect(json(result.stdout).summary.failed).toBe(code === 1);
  });
});

describe("fhi preflight --rules", () => {
  it("generates docs/PREFLIGHT.md (run `npm run rules:doc` when this fails)", async () => {
    const result = await fhi("preflight", "--rules");
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(__dirname, "../../../docs/PREFLIGHT.md"), "utf8")).toBe(result.stdout);
    for (const rule of PREFLIGHT_PACK) expect(result.stdout).toContain(`| ${rule.id} | ${rule.severity} |`);
  });

  it("prints the catalog as JSON, and refuses SARIF for it", async () => {
    const { rules } = JSON.parse((await fhi("preflight", "--rules", "--format", "json")).stdout) as { rules: { id: string }[] };
    expect(rules.map((rule) => rule.id)).toEqual(PREFLIGHT_PACK.map((rule) => rule.id));
    const sarif = await fhi("preflight", "--rules", "--format", "sarif");
    expect(sarif.code).toBe(2);
    expect(sarif.stderr).toContain("Fix: --rules --format json");
  });
});

describe("the preflight catalog", () => {
  it("gives every rule a unique FHI-PF ID, a remediation and at least one source", () => {
    const catalog = preflightCatalog();
    expect(new Set(catalog.map((rule) => rule.id)).size).toBe(catalog.length);
    const incomplete = catalog.filter((rule) => !/^FHI-PF-[A-Z]+-\d{3}$/.test(rule.id) || rule.remediation.length < 20 || (rule.sources ?? []).filter((source) => source.trim() !== "").length === 0);
    expect(incomplete.map((rule) => rule.id)).toEqual([]);
  });

  it("cites provider source files at the pinned tag", () => {
    const providerSources = preflightCatalog().flatMap((rule) => (rule.sources ?? []).filter((source) => source.startsWith("internal/")));
    expect(providerSources.length).toBeGreaterThan(0);
    expect(providerSources.filter((source) => !source.includes("v4.55.0"))).toEqual([]);
  });

  it("has only services whose rules the preflight tests cover (a new service needs its test file)", () => {
    const tested = ["reachability", "api-management", "container-registry", "serving", "ordering", "schema"];
    expect([...new Set(PREFLIGHT_PACK.map((rule) => rule.service))].filter((service) => !tested.includes(service))).toEqual([]);
  });
});
