import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { deployOrder } from "../../review/ci/deploy-order";
import { upsertComment } from "../../review/ci/pr-comment";
import { REVIEW_MARKER } from "../../review";
import { synthesize } from "../../stacks/synth";
import { FIXTURES, ROOT } from "./helpers";

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-review-ci-"));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("deploy order from cdktf.out/manifest.json", () => {
  test("this repository's dev stacks: network before platform before inference; bootstrap (local state) skipped", () => {
    const outdir = path.join(work, "cdktf.out");
    synthesize({ environments: ["dev"], outdir });
    const plan = deployOrder(outdir, "dev");
    expect(plan.skipped).toEqual(["dev-bootstrap"]);
    const at = (stack: string) => plan.order.indexOf(stack);
    expect(at("dev-eastus2-network")).toBeGreaterThanOrEqual(0);
    expect(at("dev-eastus2-network")).toBeLessThan(at("dev-eastus2-platform"));
    expect(at("dev-eastus2-platform")).toBeLessThan(at("dev-eastus2-inference"));
    expect(plan.order.every((stack) => stack.startsWith("dev-"))).toBe(true);
    // Every stack comes after all of its dependencies.
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { dependencies: string[] }> };
    for (const stack of plan.order) for (const dependency of manifest.stacks[stack].dependencies) expect(at(dependency)).toBeLessThan(at(stack));
  });

  test("the fixture's platform depends on its network", () => {
    expect(deployOrder(path.join(FIXTURES, "outputs", "after"))).toEqual({ order: ["dev-eastus2-network", "dev-eastus2-platform"], skipped: [] });
  });

  function manifestDir(stacks: Record<string, string[]>): string {
    const dir = fs.mkdtempSync(path.join(work, "manifest-"));
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: Object.fromEntries(Object.entries(stacks).map(([name, dependencies]) => [name, { dependencies }])) }));
    return dir;
  }

  test("a cycle, an unknown dependency, a missing manifest and an environment without stacks are errors naming the problem", () => {
    expect(() => deployOrder(manifestDir({ "dev-a": ["dev-b"], "dev-b": ["dev-a"] }))).toThrow("dependency cycle: dev-a -> dev-b -> dev-a");
    expect(() => deployOrder(manifestDir({ "dev-a": ["dev-zzz"] }))).toThrow("dev-a depends on dev-zzz, which the manifest does not list");
    expect(() => deployOrder(path.join(work, "nowhere"))).toThrow(/manifest\.json: cannot be read as JSON .*Fix: run `fhi synth` first/);
    expect(() => deployOrder(manifestDir({ "dev-a": [] }), "prod")).toThrow(/no stacks of environment "prod"/);
  });

  test("the CLI entry prints one stack a line, dependencies first", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, "dist", "scripts", "ci", "deploy-order.js"), path.join(FIXTURES, "outputs", "after"), "dev"]);
    expect(stdout).toBe("dev-eastus2-network\ndev-eastus2-platform\n");
  });
});

describe("pull request comment upsert by marker", () => {
  interface Seen {
    method: string;
    url: string;
    authorization?: string;
    body?: { body: string };
  }
  let server: http.Server;
  let api: string;
  let seen: Seen[];
  let pages: { id: number; body: string }[][];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let raw = "";
      request.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      request.on("end", () => {
        seen.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, ...(raw ? { body: JSON.parse(raw) as { body: string } } : {}) });
        const url = new URL(request.url!, "http://127.0.0.1");
        response.setHeader("content-type", "application/json");
        if (request.method === "GET" && url.pathname === "/repos/hospital/infra/issues/7/comments") {
          response.end(JSON.stringify(pages[Number(url.searchParams.get("page")) - 1] ?? []));
        } else if (request.method === "POST" && url.pathname === "/repos/hospital/infra/issues/7/comments") {
          response.statusCode = 201;
          response.end(JSON.stringify({ id: 900, html_url: "https://github.example/c/900" }));
        } else if (request.method === "PATCH" && url.pathname.startsWith("/repos/hospital/infra/issues/comments/")) {
          response.end(JSON.stringify({ id: Number(url.pathname.split("/").pop()) }));
        } else {
          response.statusCode = 403;
          response.end(JSON.stringify({ message: "Resource not accessible by integration" }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
    pages = [];
  });

  const target = () => ({ apiUrl: api, repository: "hospital/infra", pullRequest: 7, token: "t0ken", marker: REVIEW_MARKER });

  test("no comment with the marker yet: one is created, with the marker", async () => {
    pages = [[{ id: 1, body: "LGTM" }]];
    const result = await upsertComment(target(), "**fhi review: 1 to add**");
    expect(result).toEqual({ action: "created", id: 900, url: "https://github.example/c/900" });
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual(["GET /repos/hospital/infra/issues/7/comments?per_page=100&page=1", "POST /repos/hospital/infra/issues/7/comments"]);
    expect(seen[1].body!.body).toBe(`${REVIEW_MARKER}\n**fhi review: 1 to add**`);
    expect(seen[0].authorization).toBe("Bearer t0ken");
  });

  test("the marked comment on a later page is updated in place, not duplicated", async () => {
    pages = [Array.from({ length: 100 }, (_, index) => ({ id: index + 1, body: `comment ${index}` })), [{ id: 555, body: `${REVIEW_MARKER}\nold review` }]];
    const result = await upsertComment(target(), `${REVIEW_MARKER}\nnew review`);
    expect(result).toEqual({ action: "updated", id: 555, url: undefined });
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual([
      "GET /repos/hospital/infra/issues/7/comments?per_page=100&page=1",
      "GET /repos/hospital/infra/issues/7/comments?per_page=100&page=2",
      "PATCH /repos/hospital/infra/issues/comments/555",
    ]);
    expect(seen[2].body).toEqual({ body: `${REVIEW_MARKER}\nnew review` });
  });

  test("an API refusal is an error with the status and GitHub's message", async () => {
    await expect(upsertComment({ ...target(), repository: "hospital/other" }, "x")).rejects.toThrow(/HTTP 403 .*Resource not accessible by integration/);
  });

  test("the CLI entry reads the report and the Actions environment; missing variables exit 2", async () => {
    const report = path.join(work, "review.md");
    fs.writeFileSync(report, `${REVIEW_MARKER}\n**fhi review**`);
    const script = path.join(ROOT, "dist", "scripts", "ci", "pr-comment.js");
    pages = [[]];
    const env = { PATH: process.env.PATH, GITHUB_TOKEN: "t0ken", GITHUB_REPOSITORY: "hospital/infra", PR_NUMBER: "7", GITHUB_API_URL: api };
    const { stdout } = await promisify(execFile)(process.execPath, [script, report], { env });
    expect(stdout).toBe("created comment 900 https://github.example/c/900\n");
    const missing = await promisify(execFile)(process.execPath, [script, report], { env: { PATH: process.env.PATH } }).catch((error: { code: number; stderr: string }) => error);
    expect(missing).toMatchObject({ code: 2, stderr: "error: missing GITHUB_TOKEN, GITHUB_REPOSITORY, PR_NUMBER (a number)\n" });
  });
});
