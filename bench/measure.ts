import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface Measurement {
  readonly name: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Peak resident set of the largest single node process of the command, in MB. */
  readonly peakRssMb: number;
  /** What the measurement is about (input size, stacks, ...). */
  readonly detail: string;
}

export interface Command {
  readonly name: string;
  readonly detail: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Exit codes that count as success (a policy gate may exit 1 by design). */
  readonly okExitCodes?: readonly number[];
}

const PROBE = path.join(__dirname, "..", "..", "bench", "rss-probe.cjs");

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs one command once; returns wall time and the peak RSS of its largest node process. */
function runOnce(command: Command): { ms: number; rssKb: number } {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fhi-bench-rss-")), "rss");
  const started = process.hrtime.bigint();
  const result = spawnSync(command.argv[0], command.argv.slice(1), {
    cwd: command.cwd,
    env: {
      ...process.env,
      ...command.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${PROBE}`.trim(),
      FHI_BENCH_RSS_FILE: rssFile,
    },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const ok = command.okExitCodes ?? [0];
  if (result.error || !ok.includes(result.status ?? -1)) {
    throw new Error(`${command.name}: exit ${result.status ?? result.error?.message}\n${(result.stderr ?? "").slice(-2000)}`);
  }
  const rssKb = fs.existsSync(rssFile)
    ? Math.max(...fs.readFileSync(rssFile, "utf8").trim().split("\n").map((line) => Number(line.split(" ")[1])))
    : 0;
  fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
  return { ms, rssKb };
}

/** One warm-up run (not counted), then `runs` measured runs. */
export function measure(command: Command, runs: number, log: (line: string) => void): Measurement {
  log(`  ${command.name}: warm-up`);
  runOnce(command);
  const samples: { ms: number; rssKb: number }[] = [];
  for (let index = 0; index < runs; index += 1) {
    samples.push(runOnce(command));
    log(`  ${command.name}: run ${index + 1}/${runs} ${samples[index].ms.toFixed(0)} ms`);
  }
  const times = samples.map((sample) => sample.ms);
  return {
    name: command.name,
    detail: command.detail,
    runs,
    medianMs: Math.round(median(times)),
    minMs: Math.round(Math.min(...times)),
    maxMs: Math.round(Math.max(...times)),
    peakRssMb: Math.round(Math.max(...samples.map((sample) => sample.rssKb)) / 1024),
  };
}
