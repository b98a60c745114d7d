#!/usr/bin/env node
// CI: `node dist/scripts/ci/pr-comment.js <report.md>` creates or updates the pull request's review comment.
// Reads GITHUB_TOKEN, GITHUB_REPOSITORY, PR_NUMBER and GITHUB_API_URL (default https://api.github.com).
import * as fs from "node:fs";
import { upsertComment } from "../../review/ci/pr-comment";
import { REVIEW_MARKER } from "../../review/report/markdown";

async function main(): Promise<number> {
  const [file] = process.argv.slice(2);
  const { GITHUB_TOKEN: token, GITHUB_REPOSITORY: repository, PR_NUMBER: number, GITHUB_API_URL: apiUrl = "https://api.github.com" } = process.env;
  const missing = [!file && "<report.md> argument", !token && "GITHUB_TOKEN", !repository && "GITHUB_REPOSITORY", !/^\d+$/.test(number ?? "") && "PR_NUMBER (a number)"].filter(Boolean);
  if (missing.length > 0) {
    process.stderr.write(`error: missing ${missing.join(", ")}\n`);
    return 2;
  }
  const result = await upsertComment({ apiUrl, repository: repository!, pullRequest: Number(number), token: token!, marker: REVIEW_MARKER }, fs.readFileSync(file, "utf8"));
  process.stdout.write(`${result.action} comment ${result.id}${result.url ? ` ${result.url}` : ""}\n`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
