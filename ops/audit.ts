/**
 * The audit trail of every change made through `fhi`: one JSON line per mutating command, written before the
 * command returns, whatever the outcome (including a guardrail's refusal and Ctrl-C). If the record cannot be
 * written the command fails: an unrecorded change to a clinical system is not acceptable.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { trace } from "@opentelemetry/api";
import { OpsError, type OpsErrorKind } from "./errors";
import type { AzureClients } from "./clients";

export const AUDIT_LOG_ENV = "FHI_AUDIT_LOG";
const DEFAULT_AUDIT_LOG = path.join(".fhi", "audit.jsonl");

export type AuditOutcome = "succeeded" | "unchanged" | OpsErrorKind;

export interface AuditRecord {
  readonly time: string;
  readonly durationMs: number;
  readonly who: { readonly osUser: string; readonly host: string; readonly azurePrincipal?: string };
  readonly command: string;
  readonly environment: string;
  readonly target: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason: string;
  readonly outcome: AuditOutcome;
  readonly message?: string;
  /** Azure's request IDs of every call made, for support cases and Azure's own activity log. */
  readonly requestIds: readonly string[];
}

/** The audit file: the flag wins, then FHI_AUDIT_LOG, then `.fhi/audit.jsonl` under the working directory. */
export function auditLogPath(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  return path.resolve(cwd, flag ?? env[AUDIT_LOG_ENV] ?? DEFAULT_AUDIT_LOG);
}

function appendRecord(file: string, record: AuditRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Synchronous on purpose: it must be on disk before a second Ctrl-C can end the process.
  fs.appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return "unknown";
  }
}

export interface AuditedChange {
  readonly command: string;
  readonly environment: string;
  readonly reason: string;
  readonly auditFile: string;
  readonly clients?: AzureClients;
  /** Tells the person at the terminal that Ctrl-C was seen and recorded. */
  readonly onInterrupt?: (line: string) => void;
}

/** What the body of an audited change reports as it goes. */
export interface AuditScope {
  target: string;
  before?: unknown;
  after?: unknown;
  /** Set when the command ends without changing anything although nothing went wrong. */
  unchanged?: boolean;
  readonly signal: AbortSignal;
}

/** Runs `body` and records exactly one audit record for it, on every path out. */
export async function audited<T>(change: AuditedChange, initialTarget: string, body: (scope: AuditScope) => Promise<T>): Promise<T> {
  const started = Date.now();
  const interrupt = new AbortController();
  const scope: AuditScope = { target: initialTarget, signal: interrupt.signal };
  let written = false;
  const record = (outcome: AuditOutcome, message?: string): void => {
    if (written) return;
    written = true;
    const entry: AuditRecord = {
      time: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      who: { osUser: osUser(), host: os.hostname(), azurePrincipal: change.clients?.principal },
      command: change.command,
      environment: change.environment,
      target: scope.target,
      before: scope.before,
      after: scope.after,
      reason: change.reason,
      outcome,
      message,
      requestIds: change.clients?.calls.requestIds() ?? [],
    };
    // The reason is free text typed under pressure and may name a patient: it stays in the local file only.
    trace.getActiveSpan()?.setAttributes({
      "fhi.audit.command": entry.command,
      "fhi.audit.environment": entry.environment,
      "fhi.audit.target": entry.target,
      "fhi.audit.outcome": entry.outcome,
      "fhi.audit.who": entry.who.azurePrincipal ?? entry.who.osUser,
      "fhi.audit.before": JSON.stringify(entry.before ?? null),
      "fhi.audit.after": JSON.stringify(entry.after ?? null),
      "fhi.audit.request_ids": [...entry.requestIds],
    });
    try {
      appendRecord(change.auditFile, entry);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new OpsError(
        `could not write the audit record to ${change.auditFile} (${why}); the command's outcome was "${outcome}"${outcome === "succeeded" ? " and the change IS live in Azure" : ""}. Fix: make the file writable (or set --audit-log / ${AUDIT_LOG_ENV}) and record this change by hand`,
        "failed",
      );
    }
  };
  const onSigint = () => {
    interrupt.abort();
    change.onInterrupt?.("interrupted: recording it in the audit log; Azure may still finish an operation already accepted\n");
    try {
      record("interrupted", "Ctrl-C");
    } catch (error) {
      change.onInterrupt?.(`${(error as Error).message}\n`);
    }
  };
  process.once("SIGINT", onSigint);
  try {
    const result = await body(scope);
    record(scope.unchanged ? "unchanged" : "succeeded");
    return result;
  } catch (error) {
    const failure = interrupt.signal.aborted
      ? new OpsError(`interrupted by Ctrl-C while working on ${scope.target}`, "interrupted")
      : error instanceof OpsError
        ? error
        : new OpsError(error instanceof Error ? error.message : String(error), "failed");
    record(failure.kind, failure.message);
    throw failure;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}
