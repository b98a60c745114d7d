/**
 * `fhi review` over two synthesized outputs of prod rolling out clinical-llm-2: the serving record carries the
 * release, its evidence and the plan through the resource model to the scrutiny rules.
 */
import { prod } from "../../environments/prod";
import { catalogWith, rollingOut, synthesized, validated } from "../fixtures/releases";
import { fhi } from "./helpers";
import { pinToday } from "../support/today";

interface JsonReport {
  changes: { address: string; stack: string; security: { kind: string; reason: string; rule: string }[] }[];
  broadening: boolean;
}

async function review(before: Record<string, any>, after: Record<string, any>, catalog = catalogWith()): Promise<JsonReport> {
  const [base, head] = [before, after].map((env) => synthesized([validated(env, "prod", catalog)]).outdir);
  const result = await fhi(["review", "--before", base, "--after", head, "--format", "json"]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as JsonReport;
}

const notesOf = (report: JsonReport, stack: string) => report.changes.filter((change) => change.stack === stack && change.address.startsWith("terraform_data.")).flatMap((change) => change.security);

pinToday("2026-12-01");

test("green added with the next release at its shadow step: the release change shows where it served and who signed it off, nothing broadens", async () => {
  const report = await review(structuredClone(prod), rollingOut(prod, 0));
  expect(notesOf(report, "prod-eastus2-inference")).toEqual([
    {
      kind: "notable",
      rule: "release-change",
      reason: `fhi-llm-us/green runs release clinical-llm-2 (clinical-llm v2, model-server@sha256:${"7e".repeat(6)}…): served in pilot since 2026-11-02; prod sign-off by Dr Lars Eriksson <lars.eriksson@hospital.example> on 2026-11-27 (https://docs.hospital.example/clinical-ai/evaluations/clinical-llm-2/prod-entry)`,
    },
  ]);
  expect(report.broadening).toBe(false);
});

test("a rollout moved from shadow to canary 25 % in one change skips a step: broadening", async () => {
  const report = await review(rollingOut(prod, 0), rollingOut(prod, 2));
  expect(notesOf(report, "prod-eastus2-inference")).toEqual([{ kind: "broadening", rule: "rollout-step", reason: "rollout of fhi-llm-us moves from step 0 (shadow 20 %) to step 2 (canary 25 %), skipping 1 step(s)" }]);
  expect(report.broadening).toBe(true);
});

test("one step forward, gates loosened on the way: the gate is broadening, the step is not", async () => {
  const looser = rollingOut(prod, 1);
  for (const region of looser.regions) region.endpoints[0].rollout.gates.p95LatencyMs = 8000;
  const report = await review(rollingOut(prod, 0), looser);
  expect(notesOf(report, "prod-swedencentral-inference")).toEqual([{ kind: "broadening", rule: "rollout-gates", reason: "rollout of fhi-llm-eu to green: gate p95LatencyMs 4000 -> 8000 (lets more through)" }]);
});

test("traffic to a release that is not proven on the review's day, in an output synthesized for a later day: broadening", async () => {
  // Served in pilot from 2026-11-25: proven for prod from 2026-12-09, the day the head is synthesized for.
  const fresh = catalogWith((release) => (release.served.pilot.since = "2026-11-25"));
  const base = synthesized([validated(structuredClone(prod), "prod", fresh)]).outdir;
  const head = synthesized([validated(rollingOut(prod, 1), "prod", fresh, "2026-12-09")]).outdir;
  const result = await fhi(["review", "--before", base, "--after", head, "--format", "json"]);
  const notes = notesOf(JSON.parse(result.stdout) as JsonReport, "prod-eastus2-inference");
  expect(notes).toContainEqual({
    kind: "broadening",
    rule: "unproven-release-traffic",
    reason: "fhi-llm-us/green takes 5 % of requests and a copy of 0 %, but release clinical-llm-2 is not proven for prod: it is proven only from 2026-12-09 (14 days in pilot from 2026-11-25, signed off 2026-11-27), not on 2026-12-01",
  });
});
