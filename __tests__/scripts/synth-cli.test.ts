import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const ROOT = path.join(__dirname, "..", "..");
const FHI = path.join(ROOT, "dist", "scripts", "fhi.js");

/** Runs the compiled `fhi` as a user would; resolves with the exit code instead of throwing. */
async function fhi(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [FHI, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let workdir: string;
beforeEach(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-cli-"));
});
afterEach(() => fs.rmSync(workdir, { recursive: true, force: true }));

test("fhi synth writes every stack of the chosen environment and prints the summary table", async () => {
  const outdir = path.join(workdir, "out");
  const result = await fhi(["synth", "--env", "dev", "--outdir", outdir]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^stack\s+environment\s+region\s+resources/m);
  expect(result.stdout).toMatch(/^dev-eastus2-network\s+dev\s+eastus2\s+\d+/m);
  expect(fs.existsSync(path.join(outdir, "stacks", "dev-eastus2-inference", "cdk.tf.json"))).toBe(true);
  expect(fs.readdirSync(workdir)).toEqual(["out"]); // no staging directory left behind
});

test("an unknown environment is a usage error naming the known ones, and writes nothing", async () => {
  const outdir = path.join(workdir, "out");
  const result = await fhi(["synth", "--env", "staging", "--outdir", outdir]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("staging: --env: no such environment. Fix: use one of dev, pilot, prod");
  expect(fs.existsSync(outdir)).toBe(false);
});

test("fhi --help and fhi synth --help list the commands and options", async () => {
  const top = await fhi(["--help"]);
  expect(top.code).toBe(0);
  expect(top.stdout).toMatch(/^\s+synth \[options\]/m);
  const synth = await fhi(["synth", "--help"]);
  expect(synth.stdout).toContain("--env <name...>");
  expect(synth.stdout).toContain("--outdir <dir>");
});

test("an unknown option is a usage error with exit code 2", async () => {
  const result = await fhi(["synth", "--colour"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("unknown option '--colour'");
});

test("fhi --version names fhi's version and the Node.js it runs on", async () => {
  const result = await fhi(["--version"]);
  expect(result.code).toBe(0);
  expect(result.stdout).toBe(`fhi ${require("../../package.json").version} (node ${process.version})\n`);
});

test("a reader that closes the pipe early ends the command quietly, without a stack trace (was: EPIPE, exit 1)", async () => {
  const { spawnSync } = await import("node:child_process");
  const result = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" "${FHI}" policy rules --format json | head -c 100 > /dev/null`], { cwd: ROOT, encoding: "utf8" });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
});
