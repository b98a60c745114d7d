import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const ROOT = path.join(__dirname, "..", "..");
const CDKTF = path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");

/** Every file under `dir`, relative. */
const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)).map((file) => path.join(entry.name, file)) : [entry.name]));

test("`cdktf synth` runs fhi synth: no [ERROR] for its progress lines, and with CHECKPOINT_DISABLE no telemetry ID is written", async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-cdktf-home-"));
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-cdktf-out-")), "out");
  try {
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_HOME: path.join(home, ".cdktf"), HOME: home, TF_CLI_CONFIG_FILE: path.join(home, "none.tfrc"), CI: "" };
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CDKTF, "synth", "--output", outdir], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 });
    const output = `${stdout}\n${stderr}`;
    expect(output).toContain("validated dev, pilot, prod");
    expect(output).not.toMatch(/\[ERROR\][^\n]*(validated|synthesized into)/);
    expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(true);
    expect(filesUnder(home).filter((file) => !file.endsWith(".tfrc"))).toEqual([]); // no ~/.cdktf/config.json userId, no terraform checkpoint_signature
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
  }
}, 120_000);
