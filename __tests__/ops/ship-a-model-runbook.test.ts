/**
 * docs/runbooks/ship-a-model.md shows real output. This test replays its story (clinical-llm-2 from its build to every
 * request in prod) against the fake Azure server and the shipped environments moved as the runbook's pull requests
 * move them, and checks that every `fhi` example in the runbook is what `fhi` prints, and that every build and publish
 * command in it is the one images/model-server/README.md and ADR 0004 give.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ENVIRONMENTS } from "../../environments";
import { pilot } from "../../environments/pilot";
import { prod } from "../../environments/prod";
import { RELEASES } from "../../releases";
import { run } from "../../scripts/program";
import { CLINICAL_LLM_2, catalogWith, rollingOut } from "../fixtures/releases";
import { seedEstate, startHarness, type Harness } from "./support/estate";

const ROOT = path.join(__dirname, "..", "..");
const RUNBOOK = path.join(ROOT, "docs", "runbooks", "ship-a-model.md");
const PROD_ENDPOINT =
  "/subscriptions/00000000-0000-0000-0000-00000000e001/resourceGroups/rg-fhi-prod-eus2-inference/providers/Microsoft.MachineLearningServices/workspaces/mlw-fhi-prod-eus2/onlineEndpoints/fhi-llm-us";
const PROD_GREEN = `${PROD_ENDPOINT}/deployments/green`.toLowerCase();

let h: Harness;
const produced: { command: string; output: string }[] = [];
const savedToday = process.env.FHI_TODAY;

beforeAll(async () => {
  h = await startHarness();
  // The pull requests of the story: pilot and prod name clinical-llm-2 on a green deployment with a rollout plan.
  Object.assign(RELEASES as Record<string, unknown>, { [CLINICAL_LLM_2.id]: CLINICAL_LLM_2 });
  Object.assign(ENVIRONMENTS as Record<string, unknown>, { pilot: rollingOut(pilot, 0), prod: rollingOut(prod, 0) });
});
afterAll(async () => {
  await h.server.close();
  if (savedToday === undefined) delete process.env.FHI_TODAY;
  else process.env.FHI_TODAY = savedToday;
});

function record(argv: readonly string[], result: { code: number; stdout: string; stderr: string }): void {
  const command = `$ npx fhi ${argv.map((a) => (a.includes(" ") ? `"${a}"` : a)).join(" ")}`;
  produced.push({ command, output: `${command}\n${result.stdout}${result.stderr}[exit ${result.code}]` });
}

/** `fhi synth` in-process on `day`, as CI runs it on the pull request. */
async function synth(day: string, ...argv: string[]): Promise<void> {
  process.env.FHI_TODAY = day;
  let stdout = "";
  let stderr = "";
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-ship-")), "cdktf.out");
  const code = await run(["synth", ...argv, "--outdir", outdir], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  record(["synth", ...argv], { code, stdout, stderr });
}

/** prod at `step` in config, live as Azure shows it; the server's clock at `now`. */
function prodAt(step: number, now: Date, seed: boolean): void {
  process.env.FHI_TODAY = now.toISOString().slice(0, 10);
  h.server.clock = () => now;
  h.use({ prod: rollingOut(prod, step) as any }, catalogWith());
  if (seed) {
    h.server.resources.clear();
    seedEstate(h.server, h.environment("prod"));
  }
}

async function rollout(now: Date, ...argv: string[]): Promise<void> {
  record(["rollout", ...argv], await h.fhi(["rollout", ...argv], { now }));
}

function gates(latencyMs: number): void {
  h.server.metricValues.set(`${PROD_GREEN}|RequestLatency_P95`, latencyMs);
  h.server.metricValues.set(`${PROD_GREEN}|GpuUtilizationPercentage`, 68.2);
  h.server.serverErrorPercent.set("green", 0.08);
}

const at = (iso: string) => new Date(iso);
const us = ["--env", "prod", "--endpoint", "fhi-llm-us"];

/** The runbook's story, in its order. */
async function replay(): Promise<void> {
  // Pilot: a week in dev and the pilot sign-off first.
  await synth("2026-10-15", "--env", "pilot");
  // Prod: two weeks in pilot and the prod sign-off first.
  await synth("2026-11-10", "--env", "prod");

  // 1 December: the pull request adding green and the plan at step 0 (shadow) deployed four hours and a half ago.
  const shadowDay = at("2026-12-01T09:00:00.000Z");
  prodAt(0, shadowDay, true);
  h.server.get(PROD_ENDPOINT).systemData.lastModifiedAt = "2026-12-01T04:30:00.000Z";
  gates(3120);
  await rollout(shadowDay, "status", ...us);
  await rollout(shadowDay, "advance", ...us, "--dry-run");
  await rollout(shadowDay, "advance", ...us, "--yes");

  // The edit merged (step 1); an hour later the canary has not baked.
  const hourLater = at("2026-12-01T10:00:00.000Z");
  prodAt(1, hourLater, false);
  await rollout(hourLater, "advance", ...us, "--yes");

  // The next day green's latency is over its gate.
  const nextDay = at("2026-12-02T10:30:00.000Z");
  prodAt(1, nextDay, false);
  gates(4870);
  await rollout(nextDay, "status", ...us);
  await rollout(nextDay, "rollback", ...us, "--reason", "INC-4720 green p95 over the gate", "--yes");

  // The second attempt, a fortnight on: canary 50 % baked with every gate holding, then full.
  const secondTry = at("2026-12-16T09:00:00.000Z");
  prodAt(3, secondTry, true);
  gates(3080);
  await rollout(secondTry, "advance", ...us, "--yes");
  const fullBaked = at("2026-12-18T10:00:00.000Z");
  prodAt(4, fullBaked, false);
  await rollout(fullBaked, "status", ...us);
}

const normalise = (text: string) =>
  text
    .replace(/https:\/\/127\.0\.0\.1:(\d+|<port>)/g, "https://127.0.0.1:<port>")
    .replace(/req-\d{4}/g, "<request-id>")
    .replace(/\(\d+ s\)/g, "(<n> s)")
    .replace(/fhi-ship-\w+/g, "fhi-ship-<tmp>")
    .trimEnd();

function examples(text: string): { command: string; output: string }[] {
  return [...text.matchAll(/```text\n(\$ npx fhi [^\n]*)\n([\s\S]*?)```/g)].map((match) => ({ command: match[1], output: `${match[1]}\n${match[2]}` }));
}

test("every fhi example in the runbook is what fhi prints today", async () => {
  await replay();
  if (process.env.FHI_PRINT_RUNBOOK) fs.writeFileSync(process.env.FHI_PRINT_RUNBOOK, produced.map((run) => `\`\`\`text\n${normalise(run.output)}\n\`\`\`\n`).join("\n"));
  const shown = examples(fs.readFileSync(RUNBOOK, "utf8"));
  expect(shown.map((example) => example.command)).toEqual(produced.map((run) => run.command));
  shown.forEach((example, index) => expect(normalise(example.output)).toBe(normalise(produced[index].output)));
});

test("every build and publish command in the runbook is the one the image README or ADR 0004 gives", () => {
  const sources = ["images/model-server/README.md", "docs/adr/0004-release-path.md"].map((file) => fs.readFileSync(path.join(ROOT, file), "utf8")).join("\n");
  const blocks = [...fs.readFileSync(RUNBOOK, "utf8").matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
  expect(blocks.length).toBeGreaterThan(0);
  for (const line of blocks.flatMap((block) => block.split("\n")).filter((line) => line.trim() && !line.trim().startsWith("#"))) {
    expect({ line, inSources: sources.includes(line.trim()) }).toEqual({ line, inSources: true });
  }
});
