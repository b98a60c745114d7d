/**
 * The model server's entrypoint and weight check, run for real with `sh` (dash, like the image's Ubuntu base) on
 * weights written to a temporary folder; vLLM is replaced by a script that prints the arguments it was given.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { modelServerEnvironment, type ModelServerSettings } from "../../constructs/model-server/settings";

const IMAGE = path.join(__dirname, "..", "..", "images", "model-server");
let work: string;
/** The scripts as the image has them: /opt/model-server, mode 0555 (Dockerfile). */
let bin: string;
let printArgs: string;

const sha256 = (content: string | Buffer) => createHash("sha256").update(content).digest("hex");

const WEIGHTS: Record<string, string> = {
  "config.json": '{"architectures": ["LlamaForCausalLM"]}',
  "model-00001-of-00002.safetensors": "weights, first shard",
  "model-00002-of-00002.safetensors": "weights, second shard",
  "tokenizer/tokenizer.json": '{"model": "bpe"}',
};

/** Writes a release's weights folder with its SHA256SUMS (sha256sum's format) and returns the manifest's hash. */
function writeWeights(dir: string, files: Record<string, string> = WEIGHTS): string {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  const manifest = Object.entries(files)
    .map(([name, content]) => `${sha256(content)}  ${name}\n`)
    .join("");
  fs.writeFileSync(path.join(dir, "SHA256SUMS"), manifest);
  return sha256(manifest);
}

function freshDir(name: string): string {
  const dir = path.join(work, `${name}-${Math.random().toString(36).slice(2, 8)}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function runScript(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync("sh", [path.join(bin, script), ...args], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-model-server-"));
  bin = path.join(work, "opt", "model-server");
  fs.mkdirSync(bin, { recursive: true });
  for (const script of ["serve.sh", "verify-weights.sh"]) {
    fs.copyFileSync(path.join(IMAGE, script), path.join(bin, script));
    fs.chmodSync(path.join(bin, script), 0o555);
  }
  printArgs = path.join(work, "print-args.sh");
  fs.writeFileSync(printArgs, '#!/bin/sh\nfor argument in "$@"; do printf "%s\\n" "$argument"; done\n');
  fs.chmodSync(printArgs, 0o755);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("verify-weights.sh", () => {
  test("the release's weights pass: exit 0, the count and the manifest's hash reported", () => {
    const dir = freshDir("good");
    const hash = writeWeights(dir);
    const result = runScript("verify-weights.sh", [dir, hash]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`verify-weights: 4 files match SHA256SUMS (${hash})`);
  });

  test("a changed file: exit 3, naming the file that does not match", () => {
    const dir = freshDir("changed");
    const hash = writeWeights(dir);
    fs.writeFileSync(path.join(dir, "model-00002-of-00002.safetensors"), "weights, tampered");
    const result = runScript("verify-weights.sh", [dir, hash]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("model-00002-of-00002.safetensors: FAILED");
    expect(result.stderr).toContain(`verify-weights: a file in ${dir} does not match SHA256SUMS (lines above): refusing to serve these weights`);
  });

  test("a listed file that is missing: exit 3", () => {
    const dir = freshDir("missing-file");
    const hash = writeWeights(dir);
    fs.rmSync(path.join(dir, "tokenizer", "tokenizer.json"));
    const result = runScript("verify-weights.sh", [dir, hash]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("tokenizer/tokenizer.json");
    expect(result.stderr).toContain("does not match SHA256SUMS");
  });

  test("no SHA256SUMS: exit 3, saying it is missing", () => {
    const dir = freshDir("no-manifest");
    const hash = writeWeights(dir);
    fs.rmSync(path.join(dir, "SHA256SUMS"));
    const result = runScript("verify-weights.sh", [dir, hash]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`verify-weights: ${dir}/SHA256SUMS is missing (a release publishes its weights with their manifest): refusing to serve these weights`);
  });

  test("a manifest that is not the release's (its hash differs from the deployment's): exit 3, both hashes named", () => {
    const dir = freshDir("wrong-manifest");
    const hash = writeWeights(dir);
    const expected = "0".repeat(64);
    const result = runScript("verify-weights.sh", [dir, expected]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`verify-weights: ${dir}/SHA256SUMS hashes to ${hash}, the deployment expects ${expected} (model.weights.sha256): refusing to serve these weights`);
  });

  test("a file the manifest does not list: exit 3, naming it (it would be loaded unchecked)", () => {
    const dir = freshDir("extra");
    const hash = writeWeights(dir);
    fs.writeFileSync(path.join(dir, "modeling_custom.py"), "import os");
    fs.mkdirSync(path.join(dir, "tokenizer", "extra"));
    fs.writeFileSync(path.join(dir, "tokenizer", "extra", "vocab.txt"), "a");
    const result = runScript("verify-weights.sh", [dir, hash]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("verify-weights: files not in SHA256SUMS: modeling_custom.py tokenizer/extra/vocab.txt");
  });

  test("wrong usage: exit 2", () => {
    const result = runScript("verify-weights.sh", [work]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: verify-weights.sh <weights directory> <sha256 of SHA256SUMS>");
  });
});

describe("serve.sh", () => {
  const SETTINGS: Omit<ModelServerSettings, "modelDir" | "weightsSha256"> = {
    servedModelName: "clinical-llm-mini",
    tensorParallelSize: 1,
    maxModelLength: 4096,
    gpuMemoryUtilization: 0.9,
    maxConcurrentSequences: 4,
    precision: "float16",
    kvCachePrecision: "auto",
    port: 8000,
  };
  const serve = (modelDir: string, weightsSha256: string, settings: Partial<ModelServerSettings> = {}) =>
    runScript("serve.sh", [], { ...modelServerEnvironment({ ...SETTINGS, modelDir, weightsSha256, ...settings }), VLLM: printArgs });
  const argsOf = (stdout: string) => stdout.split("\n").filter(Boolean);

  test("finds SHA256SUMS one level below MODEL_DIR, as Azure ML mounts a model asset, verifies, and execs vLLM with the settings' flags", () => {
    const mount = freshDir("aml-mount");
    const weights = path.join(mount, "clinical-llm-mini", "1");
    const hash = writeWeights(weights);
    const result = serve(mount, hash);
    expect(result.stderr).toContain("verify-weights: 4 files match SHA256SUMS");
    expect(result.code).toBe(0);
    expect(argsOf(result.stdout)).toEqual([
      "--model", weights,
      "--served-model-name", "clinical-llm-mini",
      "--host", "0.0.0.0",
      "--port", "8000",
      "--tensor-parallel-size", "1",
      "--max-model-len", "4096",
      "--gpu-memory-utilization", "0.9",
      "--max-num-seqs", "4",
      "--dtype", "float16",
      "--kv-cache-dtype", "auto",
    ]);
  });

  test("an FP8 model on eight GPUs, weights at MODEL_DIR itself (the AKS init container's copy): quantization fp8, dtype auto", () => {
    const dir = freshDir("aks-copy");
    const hash = writeWeights(dir);
    const result = serve(dir, hash, { servedModelName: "clinical-llm", tensorParallelSize: 8, maxModelLength: 32768, maxConcurrentSequences: 8, precision: "fp8", kvCachePrecision: "fp8", port: 8080 });
    expect(result.code).toBe(0);
    expect(argsOf(result.stdout)).toEqual([
      "--model", dir,
      "--served-model-name", "clinical-llm",
      "--host", "0.0.0.0",
      "--port", "8080",
      "--tensor-parallel-size", "8",
      "--max-model-len", "32768",
      "--gpu-memory-utilization", "0.9",
      "--max-num-seqs", "8",
      "--dtype", "auto",
      "--kv-cache-dtype", "fp8",
      "--quantization", "fp8",
    ]);
  });

  test("weights that fail verification never reach vLLM: exit 3, nothing started", () => {
    const mount = freshDir("bad-mount");
    const hash = writeWeights(path.join(mount, "clinical-llm-mini"));
    fs.writeFileSync(path.join(mount, "clinical-llm-mini", "config.json"), "{}");
    const result = serve(mount, hash);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
  });

  test("no SHA256SUMS, or two, under MODEL_DIR: exit 3, saying how many were found", () => {
    const empty = freshDir("empty-mount");
    expect(serve(empty, "0".repeat(64))).toMatchObject({ code: 3, stdout: "" });
    expect(serve(empty, "0".repeat(64)).stderr).toContain(`serve: expected one SHA256SUMS under ${empty}, found 0`);
    const two = freshDir("two-mount");
    writeWeights(path.join(two, "a"));
    const hash = writeWeights(path.join(two, "b"));
    const result = serve(two, hash);
    expect(result).toMatchObject({ code: 3, stdout: "" });
    expect(result.stderr).toContain(`serve: expected one SHA256SUMS under ${two}, found 2`);
  });

  test("a missing setting stops the server before anything runs, naming it", () => {
    const dir = freshDir("unset");
    const hash = writeWeights(dir);
    const { MODEL_DIR: _modelDir, ...withoutModelDir } = modelServerEnvironment({ ...SETTINGS, modelDir: dir, weightsSha256: hash });
    const result = spawnSync("sh", [path.join(bin, "serve.sh")], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...withoutModelDir, VLLM: printArgs }, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("MODEL_DIR is not set");
    expect(result.stdout).toBe("");
  });
});
