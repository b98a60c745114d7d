import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RELEASES } from "../../releases";
import { run } from "../../scripts/program";
import { pinToday } from "../support/today";

// prod moved to releases that are not proven for it replaces the shipped environments for this file only: the US
// region's blue runs clinical-llm-2 (6 days in pilot), the EU region's clinical-llm-3 (no prod sign-off).
jest.mock("../../environments", () => {
  const { prod: shipped } = jest.requireActual("../../environments/prod");
  const prod = structuredClone(shipped);
  prod.modelServer.release = "clinical-llm-2";
  prod.regions[1].endpoints[0].deployments = [{ ...structuredClone(prod.regions[1].endpoints[0].deployments[0]), release: "clinical-llm-3" }];
  return { ENVIRONMENTS: { prod } };
});
jest.mock("../../releases", () => {
  const { RELEASES: shipped } = jest.requireActual("../../releases");
  const next = (id: string, version: string, changes: object) => ({ ...structuredClone(shipped["clinical-llm-1"]), id, model: { ...shipped["clinical-llm-1"].model, version, weights: { sha256: version.repeat(64) } }, ...changes });
  const fresh = next("clinical-llm-2", "2", { served: { dev: { since: "2026-10-12" }, pilot: { since: "2026-11-25" } } });
  const unsigned = next("clinical-llm-3", "3", { served: { dev: { since: "2026-10-12" }, pilot: { since: "2026-10-20" } }, signOffs: { pilot: shipped["clinical-llm-1"].signOffs.pilot } });
  return { RELEASES: { ...shipped, "clinical-llm-2": fresh, "clinical-llm-3": unsigned } };
});

pinToday("2026-12-01");

test("fhi synth refuses prod on releases not proven for it: exit 2, each field and reason named, nothing written", async () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-release-gate-")), "cdktf.out");
  let stderr = "";
  const code = await run(["synth", "--outdir", outdir], { stdout: () => undefined, stderr: (text) => (stderr += text) });
  expect(code).toBe(2);
  expect(stderr).toContain("2 problem(s) in the environment config; nothing was done");
  expect(stderr).toContain(
    "prod: modelServer.release: release clinical-llm-2 has served in pilot for 6 day(s) (since 2026-11-25), and prod takes only releases that served there for 14 (promotion.minDaysServed). Fix: keep prod on its current release until 2026-12-09",
  );
  expect(stderr).toContain(
    "prod: regions[1].endpoints[0].deployments[0].release: release clinical-llm-3 has no prod sign-off. Fix: add signOffs.prod (by, at, evaluation) to releases/clinical-llm-3.ts once the clinical evaluation for prod is signed",
  );
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(fs.existsSync(outdir)).toBe(false);
  expect(RELEASES["clinical-llm-2"].served!.pilot!.since).toBe("2026-11-25"); // the mocked catalog, not a shipped file
});

test("the same config passes once the day comes (FHI_TODAY) for the release that served too briefly, and still not for the unsigned one", async () => {
  process.env.FHI_TODAY = "2026-12-09";
  let stderr = "";
  const code = await run(["synth", "--outdir", path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-release-gate-")), "cdktf.out")], { stdout: () => undefined, stderr: (text) => (stderr += text) });
  expect(code).toBe(2);
  expect(stderr).toContain("1 problem(s) in the environment config");
  expect(stderr).toContain("release clinical-llm-3 has no prod sign-off");
});

test("a malformed FHI_TODAY is bad input: exit 2, naming the variable", async () => {
  process.env.FHI_TODAY = "yesterday";
  let stderr = "";
  const code = await run(["synth", "--outdir", path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-release-gate-")), "cdktf.out")], { stdout: () => undefined, stderr: (text) => (stderr += text) });
  expect(code).toBe(2);
  expect(stderr).toContain('(process): FHI_TODAY: "yesterday" is not a date. Fix: write it as YYYY-MM-DD');
});
