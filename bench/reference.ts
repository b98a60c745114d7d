import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const DEEP_REQUIRE = /require\("@cdktf\/provider-azurerm\/lib\/([a-z0-9-]+)"\)/g;
/** `import [type] { A, B as C } from "@cdktf/provider-azurerm/lib/<dir>";`, possibly over several lines. */
const DEEP_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+"@cdktf\/provider-azurerm\/lib\/([a-z0-9-]+)";/g;
/** The folders of the app's TypeScript sources (tsconfig.json's include, without tests and the benchmark). */
const SOURCE_FOLDERS = ["environments", "constructs", "stacks", "policies", "review", "ops", "scripts", "deploy"];

/** `lib/<dir>` -> the name the package root exports it under, read from the package's own index. */
function rootExportNames(root: string): Map<string, string> {
  const index = fs.readFileSync(path.join(root, "node_modules", "@cdktf", "provider-azurerm", "lib", "index.js"), "utf8");
  return new Map([...index.matchAll(/exports\.(\w+) = require\("\.\/([a-z0-9-]+)"\)/g)].map((match) => [match[2], match[1]]));
}

function exportedName(names: ReadonlyMap<string, string>, dirName: string): string {
  const exported = names.get(dirName);
  if (!exported) throw new Error(`reference: no root export for @cdktf/provider-azurerm/lib/${dirName}`);
  return exported;
}

function filesUnder(dir: string, extension: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function rewriteEach(files: readonly string[], rewrite: (source: string) => string): void {
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    const rewritten = rewrite(source);
    if (rewritten !== source) fs.writeFileSync(file, rewritten);
  }
}

/** What every reference shares with the real app: its node_modules, package.json and cdktf.json (whose `app` a reference may replace). */
function linkProject(root: string, dir: string, app?: string): void {
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.copyFileSync(path.join(root, "package.json"), path.join(dir, "package.json"));
  const cdktf = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")) as Record<string, unknown>;
  fs.writeFileSync(path.join(dir, "cdktf.json"), `${JSON.stringify(app === undefined ? cdktf : { ...cdktf, app }, null, 2)}\n`);
}

/**
 * A throwaway copy of the compiled app that imports the provider from its package root, run through
 * `cdktf synth`: the second reference. Returns its directory.
 */
export function createRootImportReference(root: string): string {
  const names = rootExportNames(root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-bench-reference-"));
  fs.cpSync(path.join(root, "dist"), path.join(dir, "dist"), { recursive: true });
  rewriteEach(filesUnder(path.join(dir, "dist"), ".js"), (source) =>
    source.replace(DEEP_REQUIRE, (_whole, dirName: string) => `require("@cdktf/provider-azurerm").${exportedName(names, dirName)}`),
  );
  linkProject(root, dir);
  return dir;
}

/**
 * `import { KeyVault, type KeyVaultConfig as Config } from "@cdktf/provider-azurerm/lib/key-vault";` as a
 * `cdktf init` project writes it, from the package root: the namespace the root exports, then one alias per name
 * (an alias keeps both the value and the type of a class).
 */
function rootImport(names: ReadonlyMap<string, string>, specifiers: string, dirName: string, counter: number): string {
  const namespace = `__azurerm_${exportedName(names, dirName)}_${counter}`;
  const aliases = specifiers
    .split(",")
    .map((specifier) => specifier.trim().replace(/^type\s+/, ""))
    .filter((specifier) => specifier !== "")
    .map((specifier) => {
      const [imported, local = imported] = specifier.split(/\s+as\s+/);
      return `import ${local} = ${namespace}.${imported};`;
    });
  return [`import { ${exportedName(names, dirName)} as ${namespace} } from "@cdktf/provider-azurerm";`, ...aliases].join("\n");
}

/** The entry point a `cdktf init` project has (main.ts): here, the same synthesis `fhi synth` runs. */
const MAIN_TS = `import { synthesize } from "./stacks/synth";

synthesize({ outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out" });
`;

/**
 * The reference a user would otherwise run: the same app as a `cdktf init` TypeScript project, i.e. its TypeScript
 * sources run through ts-node (which type-checks them; TypeScript 5, since ts-node needs the compiler API that the
 * native TypeScript 7 does not offer), the provider imported from its package root, and `npx cdktf synth` with the
 * template's `"app": "npx ts-node main.ts"`. The template's tsconfig.json is kept except for the target and lib
 * our sources need. Returns its directory.
 */
export function createTypeScriptReference(root: string): string {
  const names = rootExportNames(root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-bench-ts-reference-"));
  for (const folder of SOURCE_FOLDERS) {
    if (fs.existsSync(path.join(root, folder))) fs.cpSync(path.join(root, folder), path.join(dir, folder), { recursive: true });
  }
  let counter = 0;
  rewriteEach(
    SOURCE_FOLDERS.filter((folder) => fs.existsSync(path.join(dir, folder))).flatMap((folder) => filesUnder(path.join(dir, folder), ".ts")),
    (source) => source.replace(DEEP_IMPORT, (_whole, _type: string | undefined, specifiers: string, dirName: string) => rootImport(names, specifiers, dirName, counter++)),
  );
  fs.writeFileSync(path.join(dir, "main.ts"), MAIN_TS);
  const template = JSON.parse(fs.readFileSync(path.join(root, "node_modules", "cdktf-cli", "bundle", "templates", "typescript", "tsconfig.json"), "utf8")) as {
    compilerOptions: Record<string, unknown>;
  };
  const tsconfig = { ...template, compilerOptions: { ...template.compilerOptions, target: "ES2022", lib: ["ES2023"], esModuleInterop: true }, "ts-node": { compiler: "typescript-5" } };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  linkProject(root, dir, "npx ts-node main.ts");
  return dir;
}
