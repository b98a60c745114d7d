// `npm run bench`: speed and memory of synth, policy and review, and how they grow. Not part of `npm test`.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readSynthesizedStacks } from "../stacks/synth";
import { largePlan, templatesFrom } from "./large-plan";
import { measure, type Command, type Measurement } from "./measure";
import { createRootImportReference } from "./reference";

const ROOT = path.join(__dirname, "..", "..");
const FHI = path.join(ROOT, "dist", "scripts", "fhi.js");
const CDKTF = path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
const RUNS = Number(process.env.FHI_BENCH_RUNS ?? 5);
const PLAN_SIZES = [1000, 10000, 50000];
const REGION_COUNTS = [1, 4, 16];

const log = (line: string) => process.stderr.write(`${line}\n`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-bench-"));

function fhi(name: string, detail: string, args: string[], okExitCodes?: number[]): Command {
  return { name, detail, argv: [process.execPath, FHI, ...args], cwd: ROOT, okExitCodes };
}

const topLevelHelp = spawnSync(process.execPath, [FHI, "--help"], { cwd: ROOT, encoding: "utf8" }).stdout;
/** Commands other issues add may not exist yet in the checkout being measured. */
function hasCommand(command: string): boolean {
  return new RegExp(`^\\s+${command}\\b`, "m").test(topLevelHelp);
}

const results: Measurement[] = [];
const skipped: string[] = [];
function record(command: Command, runs = RUNS): Measurement {
  log(`measuring ${command.name}`);
  const result = measure(command, runs, log);
  results.push(result);
  return result;
}

try {
  const synthOut = path.join(work, "cdktf.out");
  const synth = record(fhi("synth: all environments (fhi synth)", "", ["synth", "--outdir", synthOut]));
  const stacks = readSynthesizedStacks(synthOut);
  const resourceTotal = stacks.reduce((sum, stack) => sum + stack.resources, 0);
  Object.assign(synth, { detail: `${stacks.length} stacks, ${resourceTotal} resources` });

  const referenceDir = createRootImportReference(ROOT);
  const reference = record(
    {
      name: "reference: root import via cdktf synth",
      detail: "same app, provider from the package root",
      argv: [process.execPath, CDKTF, "synth"],
      cwd: referenceDir,
      env: { CHECKPOINT_DISABLE: "1", CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1" },
    },
    Math.min(RUNS, 3),
  );
  fs.rmSync(referenceDir, { recursive: true, force: true });

  if (hasCommand("policy")) {
    record(fhi("policy check: all synthesized stacks", `${resourceTotal} resources`, ["policy", "check", synthOut, "--format", "json", "--output", path.join(work, "policy.json"), "--fail-on", "never"]));
  } else skipped.push("policy check (no `fhi policy` yet)");

  if (hasCommand("review")) {
    record(fhi("review: HEAD vs working tree (two synths)", "git-ref mode", ["review", "--base", "HEAD", "--format", "json", "--output", path.join(work, "review.json")], [0, 1]), Math.min(RUNS, 3));
  } else skipped.push("review between refs (no `fhi review` yet)");

  const templates = templatesFrom(stacks.map((stack) => stack.file));
  for (const size of PLAN_SIZES) {
    const planFile = path.join(work, `plan-${size}.json`);
    fs.writeFileSync(planFile, JSON.stringify(largePlan(templates, size)));
    const detail = `${size} resource changes, ${(fs.statSync(planFile).size / 1e6).toFixed(1)} MB`;
    if (hasCommand("policy")) {
      record(fhi(`policy check: plan ${size}`, detail, ["policy", "check", planFile, "--format", "json", "--output", path.join(work, "p.json"), "--fail-on", "never"]), size >= 50000 ? Math.min(RUNS, 3) : RUNS);
    }
    if (hasCommand("review")) {
      record(fhi(`review: plan ${size}`, detail, ["review", "--plan", planFile, "--format", "json", "--output", path.join(work, "r.json")], [0, 1]), size >= 50000 ? Math.min(RUNS, 3) : RUNS);
    }
  }

  for (const count of REGION_COUNTS) {
    const outdir = path.join(work, `regions-${count}`);
    const command: Command = {
      name: `synth: ${count} region(s) per environment`,
      detail: "",
      argv: [process.execPath, path.join(ROOT, "dist", "bench", "synth-regions.js"), String(count), outdir],
      cwd: ROOT,
    };
    const measured = record(command, Math.min(RUNS, 3));
    const generated = readSynthesizedStacks(outdir);
    Object.assign(measured, { detail: `${generated.length} stacks, ${generated.reduce((sum, s) => sum + s.resources, 0)} resources` });
  }

  const report = summarize(results, synth, reference, skipped);
  process.stdout.write(`${report}\n`);
  fs.writeFileSync(path.join(ROOT, "bench", "results.json"), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, runs: RUNS, results, skipped }, null, 2)}\n`);
  updatePerformanceDoc(report);
  log("wrote bench/results.json and the last-run section of docs/performance.md");
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

function find(prefix: string): Measurement | undefined {
  return results.find((result) => result.name.startsWith(prefix));
}

function summarize(all: readonly Measurement[], synth: Measurement, reference: Measurement, notRun: readonly string[]): string {
  const rows = all.map((m) => `| ${m.name} | ${m.detail} | ${m.medianMs} | ${m.minMs}-${m.maxMs} | ${m.peakRssMb} |`);
  const targets: string[] = [];
  const ratio = synth.medianMs / reference.medianMs;
  targets.push(`- full synth vs reference: ${(ratio * 100).toFixed(1)}% of the reference's time (target under 10%): ${ratio < 0.1 ? "met" : "MISSED"}`);
  targets.push(`- peak RSS of synth: ${synth.peakRssMb} MB (target under 500 MB): ${synth.peakRssMb < 500 ? "met" : "MISSED"}`);
  const policy10k = find("policy check: plan 10000");
  const review10k = find("review: plan 10000");
  if (policy10k && review10k) {
    const both = policy10k.medianMs + review10k.medianMs;
    targets.push(`- policy + review over 10k resources: ${both} ms (target under 1000 ms): ${both < 1000 ? "met" : "MISSED"}`);
  }
  const one = find("synth: 1 region");
  const sixteen = find("synth: 16 region");
  if (one && sixteen) {
    const perStack = (m: Measurement) => m.medianMs / Number(m.detail.split(" ")[0]);
    targets.push(`- growth: ${perStack(one).toFixed(1)} ms per stack at 1 region, ${perStack(sixteen).toFixed(1)} ms per stack at 16 regions (close to linear when the second is not larger)`);
  }
  return [
    `Node ${process.version}, ${os.cpus().length} CPUs, ${RUNS} runs after one warm-up (fewer for the slowest rows).`,
    "",
    "| measurement | input | median ms | min-max ms | peak RSS MB |",
    "|---|---|---:|---:|---:|",
    ...rows,
    "",
    "Targets:",
    ...targets,
    ...(notRun.length > 0 ? ["", `Not measured: ${notRun.join("; ")}.`] : []),
  ].join("\n");
}

function updatePerformanceDoc(report: string): void {
  const file = path.join(ROOT, "docs", "performance.md");
  const start = "<!-- bench:last-run:start -->";
  const end = "<!-- bench:last-run:end -->";
  const section = `${start}\n${report}\n${end}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `# Performance\n\n## Last benchmark run\n\n${start}\n${end}\n`;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  fs.writeFileSync(file, pattern.test(current) ? current.replace(pattern, section) : `${current}\n${section}\n`);
}
