import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readCdktfStacks, type CdktfStackDocument } from "../../policies/adapters/cdktf-out";
import { buildModel } from "../../policies/adapters/raw";
import { evaluate } from "../../policies/engine/evaluate";
import { HIPAA_AZURE_PACK } from "../../policies/pack";
import { textReport } from "../../policies/report";
import { checkPaths } from "../../policies";
import { formatTable } from "../../scripts/cli/table";

const OWNER_REASON = "The deploy pipeline's identity, federated to one protected GitHub environment";
const FIXTURES = path.join(__dirname, "../fixtures/policies");

/** A bootstrap-like stack: a suppressed Owner assignment (FHI-IAM-001) and an unlocked vault (FHI-LOCK-001 fails). */
function stack(name: string, withLines: boolean): CdktfStackDocument {
  const document = {
    "//": { metadata: { stackName: name } },
    resource: {
      azurerm_role_assignment: {
        deployer: {
          "//": { metadata: { path: `${name}/deployer/owner` }, policy_suppressions: [{ ruleId: "FHI-IAM-001", reason: OWNER_REASON }] },
          scope: "/subscriptions/x",
          role_definition_name: "Owner",
          principal_id: "p",
        },
      },
      azurerm_key_vault: { vault: { name: `kv-${name}`, purge_protection_enabled: true } },
    },
  };
  const file = `cdktf.out/stacks/${name}/cdk.tf.json`;
  return withLines ? { stack: name, file, document, text: JSON.stringify(document, null, 2) } : { stack: name, file, document };
}

const report = (stacks: readonly CdktfStackDocument[]) => textReport(evaluate(buildModel(readCdktfStacks(stacks)), HIPAA_AZURE_PACK), "error", formatTable);
const suppressedSection = (text: string) => text.slice(text.indexOf("SUPPRESSED"), text.indexOf("\n\n", text.indexOf("SUPPRESSED")));

describe("the text report's SUPPRESSED section", () => {
  it("says once per suppression what it waives and why, then where each resource is: stack and file:line", () => {
    const section = suppressedSection(report([stack("dev-bootstrap", true), stack("prod-bootstrap", true)]));
    expect(section.split("\n")[0]).toBe("SUPPRESSED (2)");
    expect(section.match(/^FHI-IAM-001 .*$/gm)).toEqual([`FHI-IAM-001 (2 resources; in code; no expiry): ${OWNER_REASON}`]);
    expect(section).toMatch(/^ {2}stack +resource +location$/m);
    expect(section).toMatch(/^ {2}dev-bootstrap +azurerm_role_assignment\.deployer +cdktf\.out\/stacks\/dev-bootstrap\/cdk\.tf\.json:\d+$/m);
    expect(section).toMatch(/^ {2}prod-bootstrap +azurerm_role_assignment\.deployer +cdktf\.out\/stacks\/prod-bootstrap\/cdk\.tf\.json:\d+$/m);
  });

  it("names the construct path where the input gives no line (the synth-time aspect)", () => {
    expect(suppressedSection(report([stack("dev-bootstrap", false)]))).toMatch(/^ {2}dev-bootstrap +azurerm_role_assignment\.deployer +dev-bootstrap\/deployer\/owner$/m);
  });

  it("lists a suppression file entry that matches several resources once per resource, without a stack column for plain Terraform JSON", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-report-"));
    const account = (name: string) => ({ name, network_rules: { default_action: "Allow" } });
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ resource: { azurerm_storage_account: { intake: account("stintake"), archive: account("starchive") } } }, null, 2));
    fs.writeFileSync(path.join(dir, "suppressions.json"), JSON.stringify({ suppressions: [{ ruleId: "FHI-ST-004", address: "azurerm_storage_account.*", reason: "Partner clinics upload until the private link rollout ends", expires: "2099-12-31" }] }));
    const section = suppressedSection(textReport(checkPaths([path.join(dir, "main.tf.json")], { suppressionFile: path.join(dir, "suppressions.json") }), "error", formatTable));
    fs.rmSync(dir, { recursive: true, force: true });
    expect(section.match(/^FHI-ST-004 .*$/gm)).toEqual([`FHI-ST-004 (2 resources; in ${path.join(dir, "suppressions.json")}; expires 2099-12-31): Partner clinics upload until the private link rollout ends`]);
    expect(section).toMatch(/^ {2}resource +location$/m);
    expect(section).toMatch(/^ {2}azurerm_storage_account\.archive +.*main\.tf\.json:\d+$/m);
    expect(section).toMatch(/^ {2}azurerm_storage_account\.intake +.*main\.tf\.json:\d+$/m);
  });

  it("never shows the same (rule, resource) twice, even when an input is named twice or inside a directory also named", () => {
    const file = path.join(FIXTURES, "hand-written.tf.json");
    const suppressionFile = path.join(FIXTURES, "suppressions.json");
    const once = checkPaths([file], { suppressionFile });
    const twice = checkPaths([file, `./${path.relative(process.cwd(), file)}`], { suppressionFile });
    expect([twice.results.length, twice.resources]).toEqual([once.results.length, once.resources]);
    expect(suppressedSection(textReport(twice, "error", formatTable)).split("\n").filter((line) => line.startsWith("  azurerm_"))).toHaveLength(1);
    const directory = checkPaths([FIXTURES]);
    const directoryAndFile = checkPaths([file, FIXTURES]);
    expect([directoryAndFile.results.length, directoryAndFile.resources]).toEqual([directory.results.length, directory.resources]);
  });
});

describe("the text report's FAILING BY RULE section", () => {
  it("sums each failing rule up with its count, the stacks it fails in and its title", () => {
    const text = report([stack("dev-bootstrap", true), stack("dev-eastus2-platform", true)]);
    const section = text.slice(text.indexOf("FAILING BY RULE"));
    expect(section).toMatch(/^FAILING BY RULE \(\d+\)\nrule +severity +failing +where +title$/m);
    expect(section).toMatch(/^FHI-LOCK-001 +warning +2 +dev-bootstrap, dev-eastus2-platform +Stateful resources .* have a delete lock$/m);
    // A summary, not the findings again: one line per rule.
    expect(section.match(/^FHI-LOCK-001 /gm)).toHaveLength(1);
  });

  it("is left out when nothing fails", () => {
    const text = textReport(checkPaths([path.join(FIXTURES, "clean.tf.json")]), "error", formatTable);
    expect(text).toContain("No failing checks.");
    expect(text).not.toContain("FAILING BY RULE");
  });
});
