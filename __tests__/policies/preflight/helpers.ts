import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Evaluation, PolicyResult } from "../../../policies/engine/evaluate";
import type { PlanAction } from "../../../policies/model/resource";
import { PREFLIGHT_PACK, preflightPaths } from "../../../policies/preflight";
import { planJson, terraformJson, type Resources } from "../helpers";

export type { Resources } from "../helpers";

/** One stack of a cdktf.out-shaped fixture. Resources are keyed `type.name`, as in ../helpers. */
export interface StackSpec {
  /** Stacks this one is applied after (the manifest's `dependencies`). */
  readonly dependencies?: readonly string[];
  /** `terraform.backend`; default: no backend block. */
  readonly backend?: Record<string, Record<string, unknown>>;
  /** Provider blocks by provider name; default: `azurerm` with `features {}` only (the provider's defaults). */
  readonly provider?: Record<string, Record<string, unknown>>;
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly resource?: Resources;
  readonly data?: Resources;
}

export const LOCAL_BACKEND = { local: { path: "bootstrap.tfstate" } };

/** The azurerm backend every later stack of a fixture uses: its state in `account`'s `tfstate` container. */
export function stateBackend(account: string, key = "stack.tfstate"): Record<string, Record<string, unknown>> {
  return { azurerm: { storage_account_name: account, container_name: "tfstate", key, resource_group_name: "rg-tfstate", use_azuread_auth: true } };
}

const CROSS_STACK_INPUT = "cross-stack-reference-input-";
/** `.` cannot appear in a cdktf output name; fixture addresses never contain `--`. */
const DOT = "--";

/**
 * A cdktf cross-stack reference to `expression` (e.g. `azurerm_subnet.runners.id`) of `stack`, as cdktf writes it:
 * a remote-state output that writeDeployment declares in `stack`.
 */
export function fromStack(stack: string, expression: string): string {
  if (expression.includes(DOT)) throw new Error(`fixture addresses must not contain "${DOT}": ${expression}`);
  return `\${data.terraform_remote_state.${CROSS_STACK_INPUT}${stack}.outputs.${expression.split(".").join(DOT)}}`;
}

/** The outputs each stack must declare for the cross-stack references of the others. */
function crossStackOutputs(documents: Record<string, unknown>): Map<string, Record<string, { value: string }>> {
  const outputs = new Map<string, Record<string, { value: string }>>();
  const pattern = new RegExp(`data\\.terraform_remote_state\\.${CROSS_STACK_INPUT}([\\w-]+?)\\.outputs\\.([\\w-]+)`, "g");
  for (const match of JSON.stringify(documents).matchAll(pattern)) {
    const [, origin, output] = match;
    outputs.set(origin, { ...(outputs.get(origin) ?? {}), [output]: { value: `\${${output.split(DOT).join(".")}}` } });
  }
  return outputs;
}

const roots: string[] = [];

/** A new temporary directory, removed by `removeFixtures`. */
export function fixtureDirectory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-preflight-"));
  roots.push(dir);
  return dir;
}

/** Removes every directory fixtureDirectory made (call in afterAll). */
export function removeFixtures(): void {
  for (const dir of roots.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes a cdktf.out-shaped directory (manifest.json + stacks/<name>/cdk.tf.json) and returns its path. */
export function writeDeployment(stacks: Record<string, StackSpec>): string {
  const dir = fixtureDirectory();
  const documents = Object.fromEntries(
    Object.entries(stacks).map(([name, spec]) => {
      const document = {
        "//": { metadata: { stackName: name, version: "0.21.0" } },
        terraform: { ...(spec.backend ? { backend: spec.backend } : {}), required_providers: { azurerm: { source: "azurerm", version: "4.55.0" } } },
        provider: Object.fromEntries(Object.entries(spec.provider ?? { azurerm: { features: {} } }).map(([provider, block]) => [provider, [block]])),
        ...(spec.variable ? { variable: spec.variable } : {}),
        ...(spec.data ? { data: (terraformJson(spec.data) as { resource: unknown }).resource } : {}),
        ...(terraformJson(spec.resource ?? {}) as object),
      };
      return [name, document];
    }),
  );
  for (const [origin, outputs] of crossStackOutputs(documents)) {
    if (!documents[origin]) throw new Error(`a cross-stack reference names stack ${origin}, which the fixture does not have`);
    (documents[origin] as { output?: object }).output = outputs;
  }
  const manifest = { version: "0.21.0", stacks: {} as Record<string, object> };
  for (const [name, document] of Object.entries(documents)) {
    const synthesizedStackPath = `stacks/${name}/cdk.tf.json`;
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(dir, synthesizedStackPath), `${JSON.stringify(document, null, 2)}\n`);
    manifest.stacks[name] = { name, dependencies: stacks[name].dependencies ?? [], synthesizedStackPath, workingDirectory: `stacks/${name}`, annotations: [] };
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/** Writes a plain Terraform JSON file (no stacks, no deploy order) and returns its path. */
export function writeTerraformJson(resources: Resources, extra: Record<string, unknown> = {}): string {
  const file = path.join(fixtureDirectory(), "main.tf.json");
  fs.writeFileSync(file, `${JSON.stringify({ ...extra, ...terraformJson(resources) }, null, 2)}\n`);
  return file;
}

/**
 * Writes the plan `terraform show -json` prints for these resources, each with the given actions: an update keeps
 * its `before` (an existing resource), a pure delete has no `after`.
 */
export function writePlan(resources: Resources, actions: readonly PlanAction[] = ["create"]): string {
  const plan = planJson(resources) as { resource_changes: { change: { actions: readonly PlanAction[]; before: unknown; after: unknown; after_unknown: unknown } }[] };
  for (const entry of plan.resource_changes) {
    const { change } = entry;
    change.actions = actions;
    if (!actions.includes("create")) change.before = change.after;
    if (actions.includes("delete") && !actions.includes("create")) {
      change.after = null;
      change.after_unknown = {};
    }
  }
  const file = path.join(fixtureDirectory(), "plan.json");
  fs.writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`);
  return file;
}

/** Runs the preflight pack as `fhi preflight` does. */
export function preflight(...paths: string[]): Evaluation {
  return preflightPaths(paths);
}

/** The one result of `ruleId` for `address` (in `stack` when given); fails the test when there is none or several. */
export function resultOf(evaluation: Evaluation, ruleId: string, address: string, stack?: string): PolicyResult {
  const found = evaluation.results.filter((result) => result.ruleId === ruleId && result.address === address && (stack === undefined || result.stack === stack));
  if (found.length !== 1) {
    const seen = evaluation.results.filter((result) => result.ruleId === ruleId).map((result) => `${result.stack ?? "-"}:${result.address}=${result.status}`);
    throw new Error(`expected one ${ruleId} result for ${stack ?? ""}${stack ? ":" : ""}${address}, found ${found.length} (${ruleId} results: ${seen.join(", ") || "none"})`);
  }
  return found[0];
}

/** One fixture and what the preflight must say about one of its resources. */
export interface PreflightCase {
  readonly rule: string;
  readonly name: string;
  /** Writes the fixture; returns the paths to check. */
  readonly input: () => string | readonly string[];
  readonly address: string;
  readonly stack?: string;
  readonly status: "pass" | "fail" | "unknown";
  /** Parts the message must contain (for a failure: what names the resource and the problem). */
  readonly message?: readonly (string | RegExp)[];
}

/** Runs one case: the result's status and message. */
export function expectCase(testCase: PreflightCase): void {
  const input = testCase.input();
  const result = resultOf(preflight(...(typeof input === "string" ? [input] : input)), testCase.rule, testCase.address, testCase.stack);
  expect({ status: result.status, message: result.message }).toEqual({ status: testCase.status, message: expect.any(String) });
  for (const part of testCase.message ?? []) {
    if (typeof part === "string") expect(result.message).toContain(part);
    else expect(result.message).toMatch(part);
  }
}

/** Rule IDs of the pack in `services` that lack a failing or a passing case. */
function uncovered(cases: readonly PreflightCase[], services: readonly string[]): string[] {
  return PREFLIGHT_PACK.filter((rule) => services.includes(rule.service)).flatMap((rule) =>
    (["fail", "pass"] as const).filter((status) => !cases.some((testCase) => testCase.rule === rule.id && testCase.status === status)).map((status) => `${rule.id} has no ${status}ing case`),
  );
}

/** One test per case, and one that every rule of `services` (PREFLIGHT_PACK's `service`) has a failing and a passing case. */
export function testCases(cases: readonly PreflightCase[], services: readonly string[]): void {
  it.each(cases.map((testCase) => [`${testCase.rule} ${testCase.status}: ${testCase.name}`, testCase] as const))("%s", (_title, testCase) => expectCase(testCase));

  it(`has a failing and a passing case for every rule of ${services.join(", ")}`, () => {
    expect(uncovered(cases, services)).toEqual([]);
  });
}
