import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

/*
 * `fhi synth` after an edit runs beside the incremental build (scripts/cli/build-beside.ts): these edit a copy of the
 * checkout and run its `fhi` as `npm run synth` does.
 */

const ROOT = path.join(__dirname, "..", "..");
/** Generated, or not part of a build. */
const NOT_COPIED = new Set(["node_modules", ".git", "cdktf.out", "coverage", "__tests__"]);

let checkout: string;
let outdir: string;

/** A copy of the checkout whose build is as fresh as ours (timestamps kept), sharing our node_modules. */
function copyCheckout(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-beside-"));
  for (const entry of fs.readdirSync(ROOT)) {
    if (!NOT_COPIED.has(entry)) fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  return copy;
}

async function synth(): Promise<{ code: number; stdout: string; stderr: string }> {
  const fhi = path.join(checkout, "dist", "scripts", "fhi.js");
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [fhi, "synth", "--env", "dev", "--outdir", outdir], { cwd: checkout });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const file = (relative: string) => path.join(checkout, relative);
const read = (relative: string) => fs.readFileSync(file(relative), "utf8");
const edit = (relative: string, change: (text: string) => string) => fs.writeFileSync(file(relative), change(read(relative)));
const networkStack = () => fs.readFileSync(path.join(outdir, "stacks", "dev-eastus2-network", "cdk.tf.json"), "utf8");

beforeEach(() => {
  checkout = copyCheckout();
  outdir = path.join(checkout, "cdktf.out");
});
afterEach(() => fs.rmSync(checkout, { recursive: true, force: true }));

test("an edited environment is synthesized with its edit, and dist/ is rebuilt with it", async () => {
  expect(read("environments/dev.ts")).toContain('costCenter: "CC-4410-AI"');
  edit("environments/dev.ts", (text) => text.replace('costCenter: "CC-4410-AI"', 'costCenter: "CC-0042-BX"'));
  const result = await synth();
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^dev-eastus2-network\s+dev\s+eastus2/m);
  expect(networkStack()).toContain('"cost-center": "CC-0042-BX"');
  expect(read("dist/environments/dev.js")).toContain("CC-0042-BX");
});

test("a type error found while the synth runs: exit 2 with the compiler's message, the previous output and dist/ as they were", async () => {
  expect((await synth()).code).toBe(0);
  const manifest = path.join(outdir, "manifest.json");
  const before = { manifest: fs.readFileSync(manifest, "utf8"), time: fs.statSync(manifest).mtimeMs, stack: networkStack(), build: read("dist/environments/dev.js") };
  edit("environments/dev.ts", (text) => text.replace('costCenter: "CC-4410-AI"', "costCenter: 4410"));
  const result = await synth();
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^error: the sources do not compile.*\nenvironments\/dev\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
  expect(result.stdout).toBe("");
  expect(fs.readFileSync(manifest, "utf8")).toBe(before.manifest);
  expect(fs.statSync(manifest).mtimeMs).toBe(before.time);
  expect(networkStack()).toBe(before.stack);
  expect(read("dist/environments/dev.js")).toBe(before.build);
  expect(fs.readdirSync(checkout).filter((name) => name.includes("staging"))).toEqual([]);
});

test("an edit in deploy/ is built before the output is replaced: a type error there stops the synth, and its fix goes through", async () => {
  edit("deploy/egress.ts", (text) => `${text}\nexport const reviewedBy: number = "nobody";\n`);
  const broken = await synth();
  expect(broken.code).toBe(2);
  expect(broken.stderr).toMatch(/deploy\/egress\.ts\(\d+,\d+\): error TS2322/);
  expect(fs.existsSync(outdir)).toBe(false);
  edit("deploy/egress.ts", (text) => text.replace('export const reviewedBy: number = "nobody";', 'export const reviewedBy = "security";'));
  const fixed = await synth();
  expect(fixed.code).toBe(0);
  expect(read("dist/deploy/egress.js")).toContain('reviewedBy = "security"');
  expect(networkStack()).toContain('"cost-center": "CC-4410-AI"');
});
