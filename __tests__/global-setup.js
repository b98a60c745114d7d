// Tests that run the `fhi` command as a user would need the compiled CLI of the current sources.
const { execFileSync } = require("node:child_process");
const path = require("node:path");

module.exports = async function buildCli() {
  const root = path.join(__dirname, "..");
  execFileSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
};
