import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { audited, auditLogPath, type AuditRecord } from "../../ops/audit";
import { OpsError } from "../../ops/errors";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-audit-"));
const read = (file: string) => fs.readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as AuditRecord);

test("the flag wins over FHI_AUDIT_LOG, which wins over .fhi/audit.jsonl; relative paths resolve against the working directory", () => {
  expect(auditLogPath("x/a.jsonl", { FHI_AUDIT_LOG: "/var/log/fhi.jsonl" }, "/repo")).toBe("/repo/x/a.jsonl");
  expect(auditLogPath(undefined, { FHI_AUDIT_LOG: "/var/log/fhi.jsonl" }, "/repo")).toBe("/var/log/fhi.jsonl");
  expect(auditLogPath(undefined, {}, "/repo")).toBe("/repo/.fhi/audit.jsonl");
});

test("one record per command, on success and on failure, readable only by its owner", async () => {
  const file = path.join(dir, "nested", "audit.jsonl");
  const change = { command: "test", environment: "dev", reason: "why", auditFile: file };
  await audited(change, "target-a", async (scope) => {
    scope.before = { max: 1 };
    scope.after = { max: 2 };
  });
  await expect(
    audited(change, "target-b", async () => {
      throw new OpsError("refused for a reason", "refused");
    }),
  ).rejects.toThrow("refused for a reason");
  await expect(
    audited(change, "target-c", async () => {
      throw new Error("something unexpected");
    }),
  ).rejects.toMatchObject({ kind: "failed" });
  const records = read(file);
  expect(records.map((r) => [r.target, r.outcome])).toEqual([
    ["target-a", "succeeded"],
    ["target-b", "refused"],
    ["target-c", "failed"],
  ]);
  expect(records[0]).toMatchObject({ command: "test", environment: "dev", reason: "why", before: { max: 1 }, after: { max: 2 }, requestIds: [] });
  expect(records[1].message).toBe("refused for a reason");
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
});
