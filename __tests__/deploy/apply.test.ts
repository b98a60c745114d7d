import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applyPlan, spawnTerraform, type TerraformRunner } from "../../deploy/apply";
import type { DeployPlan } from "../../deploy/plan";

/**
 * A stand-in terraform: records its arguments, and behaves as FAKE_TF tells it per stack directory and command
 * (`fail`, `lock`, `hang`, `exists`). Real processes, so that budgets and SIGINT are real.
 */
const FAKE = `#!/usr/bin/env node
const fs = require("node:fs");
const path = require("node:path");
const stack = path.basename(process.cwd());
const command = process.argv[2];
fs.appendFileSync(process.env.FAKE_TF_LOG, JSON.stringify({ stack, args: process.argv.slice(2) }) + "\\n");
const behaviour = JSON.parse(process.env.FAKE_TF || "{}")[stack + ":" + command];
if (behaviour === "fail") { console.error("Error: creating Thing: 400 Bad Request"); process.exit(1); }
if (behaviour === "lock") { console.error("Error: Error acquiring the state lock\\n\\nLock Info:\\n  ID:        0a1b2c3d-0000-4000-8000-000000000001\\n  Path: tfstate/x"); process.exit(1); }
if (behaviour === "exists") { console.log(process.argv[4]); process.exit(0); }
if (behaviour === "hang") { process.on("SIGINT", () => { console.error("Interrupt received. Gracefully shutting down..."); process.exit(130); }); setInterval(() => {}, 1000); return; }
if (command === "state") process.exit(0);
console.log("ok " + command);
`;

let work: string;
let fake: string;
let log: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-deploy-apply-"));
  fake = path.join(work, "terraform");
  fs.writeFileSync(fake, FAKE, { mode: 0o755 });
  log = path.join(work, "calls.jsonl");
  for (const stack of ["net", "plat", "gw", "edge"]) fs.mkdirSync(path.join(work, "stacks", stack), { recursive: true });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const step = (stack: string, extra: Partial<DeployPlan["steps"][number]> = {}) => ({ stack, directory: `stacks/${stack}`, timeoutMinutes: 5, creationPhaseTargets: [], ...extra });
const PLAN: DeployPlan = {
  environment: "prod",
  runsOn: ["self-hosted", "fhi-prod-deploy"],
  steps: [step("net"), step("plat"), step("gw", { creationPhaseTargets: ["azurerm_api_management.gateway"] }), step("edge")],
  waves: [["net"], ["plat", "gw"], ["edge"]],
  manual: ["prod-bootstrap"],
  jobTimeoutMinutes: 35,
};

async function apply(behaviour: Record<string, string>, plan: DeployPlan = PLAN, runner?: TerraformRunner) {
  fs.rmSync(log, { force: true });
  process.env.FAKE_TF = JSON.stringify(behaviour);
  process.env.FAKE_TF_LOG = log;
  const output: string[] = [];
  const results = await applyPlan(plan, { outdir: work, run: runner ?? spawnTerraform(fake, (chunk) => output.push(chunk)), log: () => undefined });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { stack: string; args: string[] }) : [];
  return { results, calls, output: output.join("") };
}

test("each stack: init, then apply; a stack's creation-phase target is created first, alone, with the variable true", async () => {
  const { results, calls } = await apply({});
  expect(results.map((result) => result.outcome)).toEqual(["applied", "applied", "applied", "applied"]);
  const gw = calls.filter((call) => call.stack === "gw").map((call) => call.args.join(" "));
  expect(gw).toEqual([
    "init -input=false -no-color",
    "state list azurerm_api_management.gateway",
    "apply -input=false -no-color -auto-approve -target=azurerm_api_management.gateway -var=creation_phase=true",
    "apply -input=false -no-color -auto-approve",
  ]);
  expect(calls.filter((call) => call.stack === "net").map((call) => call.args[0])).toEqual(["init", "apply"]);
});

test("a re-run does not repeat the creation phase of a resource that exists", async () => {
  const { calls } = await apply({ "gw:state": "exists" });
  expect(calls.filter((call) => call.stack === "gw").map((call) => call.args[0])).toEqual(["init", "state", "apply"]);
  expect(calls.find((call) => call.stack === "gw" && call.args.includes("-var=creation_phase=true"))).toBeUndefined();
});

test("a failing stack stops the deploy after its wave; later waves are reported as not run, with what failed", async () => {
  const { results } = await apply({ "plat:apply": "fail" });
  expect(results).toEqual([
    { stack: "net", outcome: "applied" },
    { stack: "plat", outcome: "failed", detail: expect.stringMatching(/^terraform apply failed \(exit 1\): Error: creating Thing: 400 Bad Request\. Fix: read the output above; a re-run applies what is left$/) },
    { stack: "gw", outcome: "applied" },
    { stack: "edge", outcome: "not-run" },
  ]);
});

test("a state held by another run names the lock and how to break it, never breaking it itself", async () => {
  const { results, calls } = await apply({ "net:init": "lock" });
  expect(results[0]).toEqual({
    stack: "net",
    outcome: "failed",
    detail: expect.stringContaining("leased by another run (lock 0a1b2c3d-0000-4000-8000-000000000001). Fix: if no deploy of this environment is running (GitHub shows the runs), break the lease from a runner: terraform -chdir=stacks/net force-unlock -force 0a1b2c3d-0000-4000-8000-000000000001"),
  });
  expect(calls.some((call) => call.args[0] === "force-unlock")).toBe(false);
});

test("a stack past its budget is interrupted as Ctrl-C does (terraform releases its lease) and reported as timed out", async () => {
  const plan = { ...PLAN, steps: [step("net", { timeoutMinutes: 0.01 })], waves: [["net"]] };
  const { results, output } = await apply({ "net:apply": "hang" }, plan);
  expect(results).toEqual([{ stack: "net", outcome: "timed-out", detail: expect.stringMatching(/ran past the stack's budget of 0\.01 minutes and was interrupted .*Fix: re-run the deploy/) }]);
  expect(output).toContain("[net] Interrupt received. Gracefully shutting down...");
});
