import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const DEEP_IMPORT = /require\("@cdktf\/provider-azurerm\/lib\/([a-z0-9-]+)"\)/g;

/** `lib/<dir>` -> the name the package root exports it under, read from the package's own index. */
function rootExportNames(root: string): Map<string, string> {
  const index = fs.readFileSync(path.join(root, "node_modules", "@cdktf", "provider-azurerm", "lib", "index.js"), "utf8");
  return new Map([...index.matchAll(/exports\.(\w+) = require\("\.\/([a-z0-9-]+)"\)/g)].map((match) => [match[2], match[1]]));
}

/**
 * A throwaway copy of the compiled app that imports the provider from its package root, the way `cdktf init`
 * projects do, run through `cdktf synth`: the reference our synth is compared with. Returns its directory.
 */
export function createRootImportReference(root: string): string {
  const names = rootExportNames(root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-bench-reference-"));
  fs.cpSync(path.join(root, "dist"), path.join(dir, "dist"), { recursive: true });
  for (const entry of fs.readdirSync(path.join(dir, "dist"), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const source = fs.readFileSync(file, "utf8");
    const rewritten = source.replace(DEEP_IMPORT, (_whole, dirName: string) => {
      const exported = names.get(dirName);
      if (!exported) throw new Error(`reference: no root export for @cdktf/provider-azurerm/lib/${dirName}`);
      return `require("@cdktf/provider-azurerm").${exported}`;
    });
    if (rewritten !== source) fs.writeFileSync(file, rewritten);
  }
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.copyFileSync(path.join(root, "package.json"), path.join(dir, "package.json"));
  fs.copyFileSync(path.join(root, "cdktf.json"), path.join(dir, "cdktf.json"));
  return dir;
}
