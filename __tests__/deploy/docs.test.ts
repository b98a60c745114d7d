import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deployPlan } from "../../deploy/plan";
import { egressAllowList } from "../../deploy/egress";
import { deployPlanSection, egressSection, withSection } from "../../deploy/docs";
import { loadEnvironments, synthesize } from "../../stacks/synth";

const PAGE = path.join(__dirname, "..", "..", "docs", "deploy.md");
const environments = loadEnvironments();
let work: string;
let page: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-deploy-docs-"));
  const outdir = path.join(work, "cdktf.out");
  try {
    synthesize({ outdir, cwd: work });
  } catch {
    // A failing gate still writes the output the plans are read from.
  }
  const plans = environments.map((env) => deployPlan(outdir, env, (directory) => JSON.parse(fs.readFileSync(path.join(outdir, directory, "cdk.tf.json"), "utf8"))));
  const egress = Object.fromEntries(environments.map((env) => [env.name, egressAllowList(env)]));
  page = withSection(withSection(fs.readFileSync(PAGE, "utf8"), "deploy-plan", deployPlanSection(plans)), "egress", egressSection(egress));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("docs/deploy.md shows the current deploy plans and egress list", () => {
  if (process.env.FHI_UPDATE_DOCS === "1") fs.writeFileSync(PAGE, page);
  // Stale: FHI_UPDATE_DOCS=1 npx jest __tests__/deploy/docs.test.ts
  expect(fs.readFileSync(PAGE, "utf8")).toBe(page);
});

test("pilot's hub owner gets the AKS, GPU, add-on and runner FQDNs; dev and prod filter no egress of ours", () => {
  const pilot = egressAllowList(environments.find((env) => env.name === "pilot")!);
  expect(pilot.map((group) => group.consumer)).toEqual(["AKS cluster of pilot (swedencentral)", "deploy runners of pilot (self-hosted)"]);
  const fqdns = pilot.flatMap((group) => group.rules.map((rule) => rule.fqdn));
  for (const required of ["mcr.microsoft.com", "management.azure.com", "login.microsoftonline.com", "us.download.nvidia.com", "swedencentral.dp.kubernetesconfiguration.azure.com", "github.com", "registry.terraform.io"]) {
    expect(fqdns).toContain(required);
  }
  for (const name of ["dev", "prod"]) expect(egressAllowList(environments.find((env) => env.name === name)!)).toEqual([]);
});

test("the page names every step an operator, hub owner or approver must take, and the generated markers", () => {
  for (const text of ["terraform init && terraform apply", "docs/deploy/runner-token.json", "AZURE_CLIENT_ID", "peer/action", "az network private-endpoint-connection approve", "force-unlock", "<!-- deploy-plan:start", "<!-- egress:start"]) {
    expect(page).toContain(text);
  }
});
