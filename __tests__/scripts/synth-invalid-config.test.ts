import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pilot } from "../../environments/pilot";
import { run } from "../../scripts/program";

// The broken config replaces the shipped ones for this file only: `fhi synth` must refuse it whole.
jest.mock("../../environments", () => {
  const { pilot: valid } = jest.requireActual("../../environments/pilot");
  const broken = structuredClone(valid);
  broken.regions[0].subnets.aksGpu = "10.40.0.0/23";
  broken.modelServer.release = "Clinical LLM 2";
  return { ENVIRONMENTS: { pilot: broken } };
});

test("invalid config: every problem listed, exit code 2, and no cdktf.out written", async () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-invalid-")), "cdktf.out");
  let stderr = "";
  const code = await run(["synth", "--outdir", outdir], { stdout: () => undefined, stderr: (text) => (stderr += text) });
  expect(code).toBe(2);
  expect(stderr).toContain("2 problem(s) in the environment config; nothing was done");
  expect(stderr).toContain("pilot: regions[0].subnets.aksGpu: 10.40.0.0/23 overlaps subnets.aksSystem (10.40.0.0/22)");
  expect(stderr).toContain("pilot: modelServer.release: must be lowercase letters, digits and single hyphens starting with a letter, e.g. clinical-llm-2 (the file releases/<id>.ts)");
  expect(fs.existsSync(outdir)).toBe(false);
  expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  expect(pilot.regions[0].subnets.aksGpu).toBe("10.40.4.0/22"); // the shipped file is untouched
});
