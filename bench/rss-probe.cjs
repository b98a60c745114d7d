// Loaded into every measured node process through NODE_OPTIONS: on exit it appends the process's peak RSS
// (kilobytes) to the file named by FHI_BENCH_RSS_FILE, so child processes (cdktf's app) are counted too.
const fs = require("node:fs");
const file = process.env.FHI_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    fs.appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
  });
}
