import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RELEASES } from "../../releases";
import { run } from "../../scripts/program";

// dev's stand-in release, its model made too large for dev's T4 pool, replaces the shipped records for this file only.
jest.mock("../../environments", () => ({ ENVIRONMENTS: { dev: jest.requireActual("../../environments/dev").dev } }));
jest.mock("../../releases", () => {
  const { RELEASES: shipped } = jest.requireActual("../../releases");
  const catalog = structuredClone(shipped);
  catalog["clinical-llm-mini-1"].model.parametersBillions = 8;
  return { RELEASES: catalog };
});

test("fhi synth refuses a model that does not fit its GPUs: exit 2, the field and a size that fits, nothing written", async () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-model-fit-")), "cdktf.out");
  let stderr = "";
  const code = await run(["synth", "--outdir", outdir], { stdout: () => undefined, stderr: (text) => (stderr += text) });
  expect(code).toBe(2);
  expect(stderr).toContain("1 problem(s) in the environment config; nothing was done");
  // (8e9 x 2 bytes = 14.9 GiB + KV 1.75 + runtime 4) x 1.1 = 22.7 GiB: more than a T4's 14.4 (or an A10's 21.6) at 0.9.
  expect(stderr).toContain("dev: regions[0].aks.gpuPools[0].vmSize: Standard_NC8as_T4_v3 cannot serve model clinical-llm-mini v1 (8B, float16) of release clinical-llm-mini-1 for fhi-llm-dev/blue: it needs 22.7 GiB of GPU memory");
  expect(stderr).toContain("Fix: use Standard_NC64as_T4_v3 (4 x NVIDIA T4) or larger");
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(fs.existsSync(outdir)).toBe(false);
  expect(jest.requireActual<typeof import("../../releases")>("../../releases").RELEASES["clinical-llm-mini-1"].model.parametersBillions).toBe(3.2); // the shipped file is untouched
  expect(RELEASES["clinical-llm-mini-1"].model.parametersBillions).toBe(8);
});
