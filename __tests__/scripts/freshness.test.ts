import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startBuild, transpiled } from "../../scripts/cli/build-beside";
import { changedInputs, ensureFreshBuild, isStale, sourceCheckoutOf } from "../../scripts/cli/freshness";

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

describe("a synth beside the build (cli/build-beside.ts)", () => {
  const source = () => path.join(root, "environments", "dev.ts");
  const output = () => path.join(root, "dist", "environments", "dev.js");
  const edit = (text: string) => {
    fs.writeFileSync(source(), text);
    later(source());
  };

  test("the edited module runs from its transpiled source at once, while the build type-checks and compiles it", () => {
    ensureFreshBuild(root);
    edit('export const skuTier: "Free" | "Premium" = "Premium";\n');
    const changed = changedInputs(root);
    expect(changed).toEqual([source()]);
    const build = startBuild(root);
    const modules = transpiled(root, changed as string[]);
    expect([...modules!.keys()]).toEqual([output()]);
    expect(modules!.get(output())).toContain('"Premium"');
    expect(build.wait()).toEqual({ state: "rebuilt" });
    expect(fs.readFileSync(output(), "utf8")).toContain('"Premium"');
  });

  test("a type error found beside the command is the compiler's message, and the previous build stays as it was", () => {
    ensureFreshBuild(root);
    edit('export const skuTier: "Free" | "Premium" = "Premum";\n');
    const build = startBuild(root);
    expect(transpiled(root, changedInputs(root) as string[])?.get(output())).toContain('"Premum"'); // swc does not type-check
    const result = build.wait();
    expect(result.state === "broken" && result.output).toMatch(/environments\/dev\.ts\(1,\d+\): error TS\d+: Type '"Premum"' is not assignable/);
    expect(fs.readFileSync(output(), "utf8")).toContain('"Free"');
    expect(isStale(root)).toBe(true);
  });

  test("edits that cannot run from their source alone wait for the build: a new file, configuration, a syntax error", () => {
    ensureFreshBuild(root);
    const added = path.join(root, "environments", "added.ts");
    fs.writeFileSync(added, "export const added = 1;\n");
    expect(transpiled(root, [added])).toBeUndefined();
    expect(transpiled(root, [path.join(root, "tsconfig.json")])).toBeUndefined();
    edit("export const skuTier = ;\n");
    expect(transpiled(root, [source()])).toBeUndefined();
    expect(transpiled(root, [])).toBeUndefined();
  });
});
