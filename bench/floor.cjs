// The floor a command over JSON input is compared with: a bare node process that reads and JSON.parses the same
// input (a file, or a cdktf.out directory: its manifest and every stack file it lists), and does nothing else.
const fs = require("node:fs");
const path = require("node:path");

const input = process.argv[2];
const parse = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
if (fs.statSync(input).isDirectory()) {
  const manifest = parse(path.join(input, "manifest.json"));
  for (const stack of Object.values(manifest.stacks)) parse(path.join(input, stack.synthesizedStackPath));
} else {
  parse(input);
}
