import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureFreshBuild, isStale, sourceCheckoutOf } from "../../scripts/cli/freshness";

const ROOT = path.join(__dirname, "..", "..");

/** A checkout in miniature: the repository's build settings, one source folder, the repository's TypeScript. */
function miniatureCheckout(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-fresh-"));
  fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, outDir: "dist", rootDir: ".", types: [] }, include: ["environments", "__tests__"] }));
  fs.copyFileSync(path.join(ROOT, "tsconfig.build.json"), path.join(root, "tsconfig.build.json"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  fs.mkdirSync(path.join(root, "environments"));
  fs.writeFileSync(path.join(root, "environments", "dev.ts"), 'export const skuTier: "Free" | "Premium" = "Free";\n');
  return root;
}

const later = (file: string) => {
  const future = new Date(Date.now() + 5_000);
  fs.utimesSync(file, future, future);
};

let root: string;
beforeEach(() => {
  root = miniatureCheckout();
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test("a build older than an edited source is rebuilt before the command runs, so it reflects the edit", () => {
  expect(ensureFreshBuild(root)).toEqual({ state: "rebuilt" }); // never built
  expect(isStale(root)).toBe(false);
  expect(ensureFreshBuild(root)).toEqual({ state: "fresh" });
  const source = path.join(root, "environments", "dev.ts");
  fs.writeFileSync(source, 'export const skuTier: "Free" | "Premium" = "Premium";\n');
  later(source);
  expect(isStale(root)).toBe(true);
  expect(ensureFreshBuild(root)).toEqual({ state: "rebuilt" });
  expect(fs.readFileSync(path.join(root, "dist", "environments", "dev.js"), "utf8")).toContain('"Premium"');
});

test("a type error stops it with the compiler's message, and the previous build stays as it was", () => {
  ensureFreshBuild(root);
  const source = path.join(root, "environments", "dev.ts");
  fs.writeFileSync(source, 'export const skuTier: "Free" | "Premium" = "Premum";\n');
  later(source);
  const result = ensureFreshBuild(root);
  expect(result.state).toBe("broken");
  expect(result.state === "broken" && result.output).toMatch(/environments\/dev\.ts\(1,\d+\): error TS\d+: Type '"Premum"' is not assignable/);
  expect(fs.readFileSync(path.join(root, "dist", "environments", "dev.js"), "utf8")).toContain('"Free"');
});

test("tests are no build input, and a build outside a checkout is left alone", () => {
  ensureFreshBuild(root);
  fs.mkdirSync(path.join(root, "__tests__"));
  fs.writeFileSync(path.join(root, "__tests__", "x.test.ts"), "");
  later(path.join(root, "__tests__", "x.test.ts"));
  expect(isStale(root)).toBe(false);
  expect(sourceCheckoutOf(path.join(root, "dist", "scripts", "fhi.js"))).toBe(root);
  expect(sourceCheckoutOf(path.join(os.tmpdir(), "elsewhere", "dist", "scripts", "fhi.js"))).toBeUndefined();
});
