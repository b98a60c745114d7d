import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deployPlan, DeployPlanError, type DeployPlan } from "../../deploy/plan";
import { loadEnvironments, synthesize } from "../../stacks/synth";
import { InputError } from "../../policies";
import { readCdktfOutStacks } from "../../policies/preflight/stacks";

let work: string;
let outdir: string;
const environments = Object.fromEntries(loadEnvironments().map((env) => [env.name, env]));
const readStack = (dir: string) => (directory: string) => JSON.parse(fs.readFileSync(path.join(dir, directory, "cdk.tf.json"), "utf8"));
const plans: Record<string, DeployPlan> = {};

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-deploy-plan-"));
  outdir = path.join(work, "cdktf.out");
  try {
    synthesize({ outdir, cwd: work });
  } catch {
    // A failing gate still writes the output; the plan is judged on what was written.
  }
  for (const name of Object.keys(environments)) plans[name] = deployPlan(outdir, environments[name], readStack(outdir));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(["dev", "pilot", "prod"])("%s", (name) => {
  test("the bootstrap is applied by an operator beforehand; every other stack of the environment is in the plan once", () => {
    const plan = plans[name];
    expect(plan.manual).toEqual([`${name}-bootstrap`]);
    const stacks = readCdktfOutStacks(outdir).filter((stack) => stack.name.startsWith(`${name}-`) && stack.backend?.kind !== "local").map((stack) => stack.name);
    expect(plan.steps.map((step) => step.stack).sort()).toEqual(stacks.sort());
    expect(plan.waves.flat().sort()).toEqual(stacks.sort());
  });

  test("every stack comes after the stacks it depends on, in an earlier wave", () => {
    const plan = plans[name];
    const wave = (stack: string) => plan.waves.findIndex((members) => members.includes(stack));
    for (const stack of readCdktfOutStacks(outdir).filter((candidate) => plan.steps.some((step) => step.stack === candidate.name))) {
      for (const dependency of stack.dependencies.filter((dependency) => !plan.manual.includes(dependency))) expect(wave(dependency)).toBeLessThan(wave(stack.name));
    }
  });

  test("the deploy job's budget covers each wave's longest stack, and fits the runner's lifetime", () => {
    const plan = plans[name];
    const budget = (stack: string) => plan.steps.find((step) => step.stack === stack)!.timeoutMinutes;
    expect(plan.jobTimeoutMinutes).toBeGreaterThanOrEqual(plan.waves.reduce((sum, wave) => sum + Math.max(...wave.map(budget)), 0));
    expect(plan.jobTimeoutMinutes).toBeLessThanOrEqual(environments[name].deployer.runners.kind === "self-hosted" ? 480 : 360);
  });
});

test("budgets follow what a stack creates: online deployments copy the weights (60 min), other azapi resources 30, the workspace 90", () => {
  const budget = (stack: string) => plans.prod.steps.find((step) => step.stack === stack)!.timeoutMinutes;
  // 15 base + workspace 90 + online deployment 60 + role propagation 5.
  expect(budget("prod-eastus2-inference")).toBe(170);
  // 15 base + CMK keys through azapi 30 + role propagation 5.
  expect(budget("prod-eastus2-platform")).toBe(50);
  // 15 base + API Management 90 + its logger through azapi 30 + role propagation 5.
  expect(budget("prod-eastus2-gateway")).toBe(140);
  expect(plans.prod.jobTimeoutMinutes).toBe(20 + 15 + 50 + 170 + 140 + 35);
});

test("runners: dev on its GitHub-hosted private-network group, pilot and prod on their self-hosted label", () => {
  expect(plans.dev.runsOn).toEqual({ group: "fhi-dev-deploy" });
  expect(plans.pilot.runsOn).toEqual(["self-hosted", "fhi-pilot-deploy"]);
  expect(plans.prod.runsOn).toEqual(["self-hosted", "fhi-prod-deploy"]);
});

test("prod's API Management instances are created first, alone, in each gateway stack; nothing else reads the creation-phase variable", () => {
  const withTargets = plans.prod.steps.filter((step) => step.creationPhaseTargets.length > 0);
  expect(withTargets.map((step) => step.stack).sort()).toEqual(["prod-eastus2-gateway", "prod-swedencentral-gateway"]);
  for (const step of withTargets) expect(step.creationPhaseTargets).toEqual([expect.stringMatching(/^azurerm_api_management\./)]);
  expect([...plans.dev.steps, ...plans.pilot.steps].flatMap((step) => step.creationPhaseTargets)).toEqual([]);
});

test("regions deploy side by side: prod's two networks are one wave", () => {
  expect([...plans.prod.waves[0]].sort()).toEqual(["prod-eastus2-network", "prod-swedencentral-network"]);
});

describe("bad input", () => {
  function manifestDir(stacks: Record<string, string[]>): string {
    const dir = fs.mkdtempSync(path.join(work, "manifest-"));
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: Object.fromEntries(Object.entries(stacks).map(([stack, dependencies]) => [stack, { dependencies }])) }));
    return dir;
  }

  test("a cycle and an unknown dependency are input errors naming them", () => {
    expect(() => readCdktfOutStacks(manifestDir({ "dev-a": ["dev-b"], "dev-b": ["dev-a"] }))).toThrow(InputError);
    expect(() => readCdktfOutStacks(manifestDir({ "dev-a": ["dev-b"], "dev-b": ["dev-a"] }))).toThrow(/dependency cycle: dev-a -> dev-b -> dev-a/);
    expect(() => readCdktfOutStacks(manifestDir({ "dev-a": ["dev-zzz"] }))).toThrow(/dev-a depends on dev-zzz, which the manifest does not list/);
  });

  test("an output without the environment's stacks says to synthesize it", () => {
    expect(() => deployPlan(manifestDir({ "dev-a": [] }), environments.prod, readStack(work))).toThrow(DeployPlanError);
    expect(() => deployPlan(manifestDir({ "dev-a": [] }), environments.prod, readStack(work))).toThrow(/has no stack of environment prod\. Fix: run `npx fhi synth --env prod` first/);
  });
});
