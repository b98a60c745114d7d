/**
 * The preflight on what we ship: every environment synthesized once, as `fhi synth` writes it, and judged as a whole
 * and per environment (each environment deploys from its own runner network).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Evaluation, PolicyResult } from "../../../policies/engine/evaluate";
import { loadDeployment } from "../../../policies/preflight/load";
import { CONSTRAINTS } from "../../../policies/preflight/schema/constraints";
import { allResources, synthesizeEstate, type SynthesizedEstate } from "../../support/synthesized";
import { fixtureDirectory, preflight, removeFixtures } from "./helpers";

const brief = (result: PolicyResult) => `${result.stack}: [${result.ruleId}] ${result.address}: ${result.message}`;

let estate: SynthesizedEstate;
let whole: Evaluation;

beforeAll(() => {
  estate = synthesizeEstate();
  whole = preflight(estate.outdir);
});

afterAll(() => {
  removeFixtures();
  fs.rmSync(estate.outdir, { recursive: true, force: true });
});

/** A cdktf.out of one environment's stacks only (a manifest pointing at the estate's stack files). */
function environmentOutput(environment: string): string {
  const dir = fixtureDirectory();
  const manifest = JSON.parse(fs.readFileSync(path.join(estate.outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
  const stacks = Object.fromEntries(
    Object.entries(manifest.stacks)
      .filter(([name]) => estate.stacks.find((stack) => stack.stack === name)?.environment === environment)
      .map(([name, entry]) => [name, { ...entry, synthesizedStackPath: path.relative(dir, path.join(estate.outdir, entry.synthesizedStackPath)) }]),
  );
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ ...manifest, stacks }));
  return dir;
}

const environments = () => [...new Set(estate.stacks.map((stack) => stack.environment))];
const isBootstrap = (stack: SynthesizedEstate["stacks"][number]) => stack.json.terraform.backend?.local !== undefined;

describe("preflight on the shipped estate", () => {
  it("finds nothing that would fail at apply time or never serve", () => {
    expect(whole.results.filter((result) => result.status === "fail").map(brief)).toEqual([]);
  });

  it("judges every stack, and the rules our stacks are shaped by pass somewhere", () => {
    expect(new Set(whole.results.map((result) => result.stack))).toEqual(new Set(estate.stacks.map((stack) => stack.stack)));
    const serving = ["FHI-PF-AML-002", "FHI-PF-AML-003", "FHI-PF-AML-004", "FHI-PF-AML-005", "FHI-PF-AKS-002", "FHI-PF-AKS-003", "FHI-PF-AKS-004"];
    for (const ruleId of ["FHI-PF-REACH-001", "FHI-PF-REACH-004", "FHI-PF-ORDER-001", "FHI-PF-ORDER-002", "FHI-PF-ORDER-003", "FHI-PF-ORDER-004", "FHI-PF-SCHEMA-001", ...serving]) {
      expect(whole.results.filter((result) => result.ruleId === ruleId && result.status === "pass").length).toBeGreaterThan(0);
    }
  });

  it("has one bootstrap (local state) per environment, applied first", () => {
    const order = new Map(loadDeployment([estate.outdir]).model.stacks.map((stack) => [stack.name, stack.order]));
    for (const environment of environments()) {
      const stacks = estate.stacks.filter((stack) => stack.environment === environment);
      expect(stacks.filter(isBootstrap).map((stack) => stack.stack)).toEqual([`${environment}-bootstrap`]);
      const first = Math.min(...stacks.map((stack) => order.get(stack.stack)!));
      expect(order.get(`${environment}-bootstrap`)).toBe(first);
    }
  });

  it("reaches each environment's state from that environment's own runner network, for every stack but the bootstrap", () => {
    for (const environment of environments()) {
      const evaluation = preflight(environmentOutput(environment));
      const later = estate.stacks.filter((stack) => stack.environment === environment && !isBootstrap(stack));
      expect(later.length).toBeGreaterThan(0);
      for (const stack of later) {
        const state = evaluation.results.filter((result) => result.ruleId === "FHI-PF-REACH-001" && result.stack === stack.stack);
        expect(state.map((result) => ({ stack: result.stack, status: result.status, message: result.message }))).toEqual([
          { stack: stack.stack, status: "pass", message: expect.stringMatching(/^azurerm_storage_account\.\S+ \(blob\) through azurerm_private_endpoint\.\S+ in azurerm_virtual_network\.\S+, resolved by privatelink\.blob\./) },
        ]);
      }
    }
  });
});

describe("the schema table covers the estate", () => {
  it("holds every azurerm resource type our stacks emit (refresh it with policies/preflight/schema/refresh.ts when this fails)", () => {
    const emitted = new Set(allResources(estate).map(([, type]) => type).filter((type) => type.startsWith("azurerm_")));
    expect([...emitted].filter((type) => !(type in CONSTRAINTS.types)).sort()).toEqual([]);
    expect(emitted.size).toBeGreaterThan(20);
  });

  it("is of the azurerm version every stack pins", () => {
    const pinned = new Set(estate.stacks.map((stack) => (stack.json.terraform.required_providers?.azurerm as { version?: string } | undefined)?.version));
    expect([...pinned]).toEqual([CONSTRAINTS.version]);
  });
});
