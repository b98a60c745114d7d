import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { upsertComment } from "../../review/ci/pr-comment";
import { REVIEW_MARKER } from "../../review";
import { ROOT } from "./helpers";

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-review-ci-"));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

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
