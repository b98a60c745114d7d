// `npm run bench`: speed and memory of synth, policy and review, side by side with their floors and references,
// and how they grow. Not part of `npm test`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readSynthesizedStacks } from "../stacks/synth";
import { largePlan, templatesFrom } from "./large-plan";
import { measure, type Command, type Measurement } from "./measure";
import { createRootImportReference, createTypeScriptReference } from "./reference";
import { createPolicySnapshot } from "./startup-snapshot";

const ROOT = path.join(__dirname, "..", "..");
const FHI = path.join(ROOT, "dist", "scripts", "fhi.js");
const FLOOR = path.join(ROOT, "bench", "floor.cjs");
const RUNS = Number(process.env.FHI_BENCH_RUNS ?? 5);
const SLOW_RUNS = Math.min(RUNS, 3);
const PLAN_SIZES = [1000, 10000, 50000];
const REGION_COUNTS = [1, 4, 16];
/** Files a checkout copy for the edit-then-synth loop leaves out (generated, or not ours). */
const NOT_COPIED = new Set(["node_modules", ".git", "cdktf.out", "coverage"]);

const log = (line: string) => process.stderr.write(`${line}\n`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-bench-"));
const machine = `${os.cpus().length} x ${os.cpus()[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
const loadAtStart = os.loadavg().map((load) => load.toFixed(2)).join(" ");

function fhi(name: string, detail: string, args: string[], okExitCodes?: number[], env?: NodeJS.ProcessEnv): Command {
  return { name, detail, argv: [process.execPath, FHI, ...args], cwd: ROOT, okExitCodes, env };
}

function floor(name: string, detail: string, input: string): Command {
  return { name, detail, argv: [process.execPath, FLOOR, input], cwd: ROOT };
}

const results: Measurement[] = [];
function record(command: Command, runs = RUNS): Measurement {
  log(`measuring ${command.name}`);
  const result = measure(command, runs, log);
  results.push(result);
  return result;
}

/** A copy of the checkout (timestamps kept, so its build is as fresh as ours) sharing our node_modules. */
function checkoutCopy(): string {
  const copy = path.join(work, "checkout");
  for (const entry of fs.readdirSync(ROOT)) {
    if (!NOT_COPIED.has(entry)) fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  return copy;
}

try {
  const synthOut = path.join(work, "cdktf.out");
  const fhiSynth = record(fhi("synth: fhi synth (node dist/scripts/fhi.js)", "", ["synth", "--outdir", synthOut]));
  const stacks = readSynthesizedStacks(synthOut);
  const estate = `${stacks.length} stacks, ${stacks.reduce((sum, stack) => sum + stack.resources, 0)} resources`;
  Object.assign(fhiSynth, { detail: estate });

  const npmSynth = record({ name: "synth: npm run synth, nothing edited", detail: estate, argv: ["npm", "run", "--silent", "synth", "--", "--outdir", path.join(work, "npm.out")], cwd: ROOT });
  const copy = checkoutCopy();
  const editedFile = path.join(copy, "environments", "dev.ts");
  const editThenSynth = record({
    name: "synth: edit an environment, then npm run synth",
    detail: `${estate}; a line added to environments/dev.ts before each run (incremental build + synth)`,
    argv: ["bash", "-c", `echo "// bench edit $(date +%s%N)" >> ${editedFile} && npm run --silent synth -- --outdir ${path.join(work, "edit.out")}`],
    cwd: copy,
  });

  const tsReferenceDir = createTypeScriptReference(ROOT);
  const tsReference = record(
    {
      name: "reference: cdktf init-style, ts-node + root import, npx cdktf synth",
      detail: "same app as TypeScript, provider from the package root",
      argv: ["npx", "cdktf", "synth"],
      cwd: tsReferenceDir,
      env: { CHECKPOINT_DISABLE: "1", CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1", TS_NODE_COMPILER: "typescript-5" },
    },
    SLOW_RUNS,
  );
  const jsReferenceDir = createRootImportReference(ROOT);
  const jsReference = record(
    {
      name: "reference: compiled JS, root import, npx cdktf synth",
      detail: "same compiled app, provider from the package root",
      argv: ["npx", "cdktf", "synth"],
      cwd: jsReferenceDir,
      env: { CHECKPOINT_DISABLE: "1", CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1" },
    },
    SLOW_RUNS,
  );
  for (const dir of [tsReferenceDir, jsReferenceDir]) fs.rmSync(dir, { recursive: true, force: true });

  const nodeStart = record({ name: "floor: node start (node -e 0)", detail: "a node process that does nothing", argv: [process.execPath, "-e", "0"], cwd: ROOT });
  const estateFloor = record(floor("floor: read + JSON.parse the synthesized stacks", `manifest + ${stacks.length} stack files`, synthOut));
  const estateReport = path.join(work, "policy.json");
  const estatePolicy = record(fhi("policy check: all synthesized stacks", estate, ["policy", "check", synthOut, "--format", "json", "--output", estateReport, "--fail-on", "never"]));
  const snapshot = createPolicySnapshot(ROOT, synthOut, work);
  const snapshotStart = record({ name: "floor: node start from a V8 startup snapshot (of nothing)", detail: "node --snapshot-blob <empty>", argv: [process.execPath, "--snapshot-blob", snapshot.empty], cwd: ROOT });
  const snapshotReport = path.join(work, "policy-snapshot.json");
  const estateSnapshot = record({
    name: "policy check: all synthesized stacks, from a V8 startup snapshot of its modules (experiment)",
    detail: `${estate}; every module loaded before the run, no freshness check`,
    argv: [process.execPath, "--snapshot-blob", snapshot.policy, "policy", "check", synthOut, "--format", "json", "--output", snapshotReport, "--fail-on", "never"],
    cwd: ROOT,
  });
  if (fs.readFileSync(snapshotReport, "utf8") !== fs.readFileSync(estateReport, "utf8")) throw new Error("snapshot experiment: its report differs from fhi policy check's");

  const reviewArgs = ["review", "--base", "HEAD", "--format", "json", "--output", path.join(work, "review.json")];
  // A fresh cache directory per run makes every run a miss; one shared directory makes every run after the warm-up a hit.
  record(
    {
      name: "review: HEAD vs working tree, nothing cached",
      detail: "git-ref mode: the base in a worktree (compile + synth) beside the working tree's synth",
      argv: ["bash", "-c", `FHI_REVIEW_CACHE=$(mktemp -d -p ${work}) ${process.execPath} ${FHI} ${reviewArgs.join(" ")}; test $? -le 1`],
      cwd: ROOT,
    },
    SLOW_RUNS,
  );
  const reviewWarm = record(
    fhi("review: HEAD vs working tree, base cached", "git-ref mode: a second review of the same base", reviewArgs, [0, 1], { FHI_REVIEW_CACHE: path.join(work, "review-cache") }),
  );

  const templates = templatesFrom(stacks.map((stack) => stack.file));
  const plans = new Map<number, { floor: Measurement; policy: Measurement; review: Measurement }>();
  for (const size of PLAN_SIZES) {
    const planFile = path.join(work, `plan-${size}.json`);
    fs.writeFileSync(planFile, JSON.stringify(largePlan(templates, size)));
    const detail = `${size} resource changes, ${(fs.statSync(planFile).size / 1e6).toFixed(1)} MB`;
    const runs = size >= 50000 ? SLOW_RUNS : RUNS;
    plans.set(size, {
      floor: record(floor(`floor: read + JSON.parse plan ${size}`, detail, planFile), runs),
      policy: record(fhi(`policy check: plan ${size}`, detail, ["policy", "check", planFile, "--format", "json", "--output", path.join(work, "p.json"), "--fail-on", "never"]), runs),
      review: record(fhi(`review: plan ${size}`, detail, ["review", "--plan", planFile, "--format", "json", "--output", path.join(work, "r.json")], [0, 1]), runs),
    });
  }

  for (const count of REGION_COUNTS) {
    const outdir = path.join(work, `regions-${count}`);
    const command: Command = { name: `synth: ${count} region(s) per environment`, detail: "", argv: [process.execPath, path.join(ROOT, "dist", "bench", "synth-regions.js"), String(count), outdir], cwd: ROOT };
    const measured = record(command, SLOW_RUNS);
    const generated = readSynthesizedStacks(outdir);
    Object.assign(measured, { detail: `${generated.length} stacks, ${generated.reduce((sum, s) => sum + s.resources, 0)} resources` });
  }

  const report = summarize({ npmSynth, editThenSynth, fhiSynth, tsReference, jsReference, nodeStart, estateFloor, estatePolicy, snapshotStart, estateSnapshot, reviewWarm, plans });
  process.stdout.write(`${report}\n`);
  fs.writeFileSync(path.join(ROOT, "bench", "results.json"), `${JSON.stringify({ date: new Date().toISOString(), machine, loadAtStart, runs: RUNS, results }, null, 2)}\n`);
  updatePerformanceDoc(report);
  log("wrote bench/results.json and the last-run section of docs/performance.md");
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

interface Rows {
  readonly npmSynth: Measurement;
  readonly editThenSynth: Measurement;
  readonly fhiSynth: Measurement;
  readonly tsReference: Measurement;
  readonly jsReference: Measurement;
  readonly nodeStart: Measurement;
  readonly estateFloor: Measurement;
  readonly estatePolicy: Measurement;
  readonly snapshotStart: Measurement;
  readonly estateSnapshot: Measurement;
  readonly reviewWarm: Measurement;
  readonly plans: ReadonlyMap<number, { floor: Measurement; policy: Measurement; review: Measurement }>;
}

function verdict(met: boolean): string {
  return met ? "met" : "MISSED";
}

function percent(part: Measurement, whole: Measurement): number {
  return (100 * part.medianMs) / whole.medianMs;
}

function targets(rows: Rows): string[] {
  const lines: string[] = [];
  for (const [size, plan] of rows.plans) {
    if (size < 10000) continue;
    const ratio = (plan.policy.medianMs + plan.review.medianMs) / plan.floor.medianMs;
    const target = size === 10000 ? ` (target at most 4x): ${verdict(ratio <= 4)}` : " (reported)";
    lines.push(`- policy check + review --plan, ${size} changes: ${plan.policy.medianMs} + ${plan.review.medianMs} ms = ${ratio.toFixed(1)}x the floor's ${plan.floor.medianMs} ms${target}`);
  }
  const estateRatio = rows.estatePolicy.medianMs / rows.estateFloor.medianMs;
  lines.push(`- policy check of the synthesized estate: ${estateRatio.toFixed(1)}x the floor's ${rows.estateFloor.medianMs} ms (target at most 2x): ${verdict(estateRatio <= 2)}`);
  const snapshotRatio = rows.estateSnapshot.medianMs / rows.estateFloor.medianMs;
  lines.push(
    `  - from a V8 startup snapshot with every module loaded (experiment): ${snapshotRatio.toFixed(1)}x; node's start alone is ${rows.nodeStart.medianMs} ms (${rows.snapshotStart.medianMs} ms from a snapshot), the floor's reading and parsing ${rows.estateFloor.medianMs - rows.nodeStart.medianMs} ms`,
  );
  for (const [what, row] of [["npm run synth, nothing edited", rows.npmSynth], ["edit, then npm run synth", rows.editThenSynth]] as const) {
    const share = percent(row, rows.tsReference);
    lines.push(`- ${what}: ${share.toFixed(1)}% of the cdktf init-style reference (target at most 10%): ${verdict(share <= 10)}; ${percent(row, rows.jsReference).toFixed(1)}% of the compiled root-import reference`);
  }
  const reviewRatio = rows.reviewWarm.medianMs / rows.fhiSynth.medianMs;
  lines.push(`- second review of the same base: ${reviewRatio.toFixed(2)}x a plain fhi synth (target at most 1.5x): ${verdict(reviewRatio <= 1.5)}`);
  const largest = rows.plans.get(50000);
  if (largest) {
    const peak = Math.max(largest.policy.peakRssMb, largest.review.peakRssMb);
    lines.push(`- peak RSS at 50k changes: ${peak} MB (target under 1024 MB): ${verdict(peak < 1024)}`);
  }
  return lines;
}

function summarize(rows: Rows): string {
  const table = results.map((m) => `| ${m.name} | ${m.detail} | ${m.medianMs} | ${m.minMs}-${m.maxMs} | ${m.peakRssMb} |`);
  return [
    `Machine: ${machine}; load average ${loadAtStart} at the start (other jobs share it). Medians of ${RUNS} runs after one warm-up (${SLOW_RUNS} for the slowest rows); peak RSS is the largest node process of the row (cdktf's app included).`,
    "",
    "| measurement | input | median ms | min-max ms | peak RSS MB |",
    "|---|---|---:|---:|---:|",
    ...table,
    "",
    "Targets (ratios of rows measured in this run):",
    ...targets(rows),
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
