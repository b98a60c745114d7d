/**
 * Turns what the SDKs throw into messages an on-call engineer can act on at 3 a.m.: what was refused or failed,
 * on which resource, what to do next, and the request ID to quote to Azure support.
 */
import { CREDENTIAL_ERRORS, explainCredentialError } from "./credential-errors";
import { OpsError } from "./errors";
import type { AzureCallLog } from "./azure-calls";
import type { AzureClients } from "./clients";

interface RestErrorLike {
  readonly name: string;
  readonly message: string;
  readonly statusCode?: number;
  readonly code?: string;
  readonly request?: { readonly method: string; readonly url: string };
  readonly response?: { readonly headers: { get(name: string): string | undefined } };
}

function isRestError(error: unknown): error is RestErrorLike {
  return error instanceof Error && error.name === "RestError";
}

/** The built-in role that grants the data- or control-plane action, so people know what to request. */
function roleFor(resourceId: string, writing: boolean): string {
  // A Flux configuration's ID is its cluster's ID and more: it is matched first.
  // Kubernetes Extension Contributor covers extensions only; fluxConfigurations/write comes with Contributor on the
  // cluster (or a custom role holding Microsoft.KubernetesConfiguration/fluxConfigurations/write and operations/read).
  if (/Microsoft\.KubernetesConfiguration\/fluxConfigurations/i.test(resourceId)) return writing ? "Contributor" : "Reader";
  if (/Microsoft\.ContainerService/i.test(resourceId)) return writing ? "Azure Kubernetes Service Contributor Role" : "Reader";
  if (/Microsoft\.MachineLearningServices/i.test(resourceId)) return writing ? "AzureML Data Scientist" : "Reader";
  if (/Microsoft\.Insights\/autoscalesettings/i.test(resourceId)) return writing ? "Monitoring Contributor" : "Monitoring Reader";
  if (/Microsoft\.Compute/i.test(resourceId)) return "Reader";
  if (/^https?:\/\//i.test(resourceId)) return writing ? "Key Vault Secrets Officer" : "Key Vault Reader";
  return writing ? "Contributor" : "Reader";
}

export interface FailureContext {
  /** What we were doing, e.g. "reading agent pool gput4". */
  readonly action: string;
  /** ARM resource ID or data-plane URL of the target. */
  readonly resourceId: string;
  readonly writing: boolean;
  readonly clients: AzureClients;
}

function requestIdNote(error: RestErrorLike | undefined, calls: AzureCallLog): string {
  const id = error?.response?.headers.get("x-ms-request-id") ?? calls.requestIds().at(-1);
  return id ? ` (Azure request ID ${id})` : "";
}

/** Host and path of the request that failed: from the error when the SDK kept it, else from what was being read. */
function targetOf(error: RestErrorLike, context: FailureContext): { host: string; target: string } {
  const url = new URL(error.request?.url ?? (/^https?:\/\//i.test(context.resourceId) ? context.resourceId : `${context.clients.cloud.resourceManagerUrl}${context.resourceId}`));
  return { host: url.host, target: `${url.host}${url.pathname}` };
}

/** Attempts of the one request that failed (retries included), not of every call made in the meantime. */
function attemptsOf(error: RestErrorLike, context: FailureContext): number {
  const { target } = targetOf(error, context);
  const method = error.request?.method;
  return Math.max(1, context.clients.calls.calls.filter((call) => call.target.toLowerCase() === target.toLowerCase() && (method === undefined || call.method === method)).length);
}

/** A request that got no HTTP answer: a name that does not resolve, a refused, reset or dropped connection. */
function explainTransportError(error: RestErrorLike, context: FailureContext): OpsError {
  const { host } = targetOf(error, context);
  const attempts = attemptsOf(error, context);
  const code = (error.code ?? "").replace(/_NOT_RETRIED$/, "");
  const tries = attempts > 1 ? ` (${attempts} attempts)` : "";
  const privateNote = /^https?:\/\//i.test(context.resourceId) ? "; the environment's Key Vaults take private endpoint traffic only" : "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new OpsError(
      `cannot reach ${host} while ${context.action}: the name does not resolve from this network (${code})${privateNote}. Fix: run from a network that reaches it (the environment's VNet, its hub or VPN, or the deploy runners), or check DNS for its private zone`,
      "failed",
    );
  }
  const what = /^Error reading response/.test(error.message) ? "the connection broke in the middle of Azure's answer" : `the connection failed (${code || error.message})`;
  return new OpsError(
    `${what} while ${context.action}${tries}: ${error.message}. Nothing is known to have changed by this request. Fix: check the network path to ${host} (VPN, proxy, firewall), then retry${requestIdNote(error, context.clients.calls)}`,
    "failed",
  );
}

/** An OpsError for anything thrown while talking to Azure; OpsErrors pass through unchanged. */
export function explainAzureError(error: unknown, context: FailureContext): OpsError {
  if (error instanceof OpsError) return error;
  const { action, resourceId } = context;
  const calls = context.clients.calls;
  if (error instanceof Error && error.name === "AbortError") return new OpsError(`interrupted while ${action}`, "interrupted");
  if (error instanceof Error && CREDENTIAL_ERRORS.has(error.name)) return explainCredentialError(error, context.clients.environment.tenantId);
  if (isRestError(error) && error.statusCode === undefined) return explainTransportError(error, context);
  if (isRestError(error) && error.statusCode !== undefined) {
    const status = error.statusCode;
    const code = error.code ? ` ${error.code}` : "";
    const ids = requestIdNote(error, calls);
    const azureSays = error.message ? ` Azure says: ${error.message}` : "";
    if (status === 401) {
      return new OpsError(
        `Azure rejected the credential (401${code}) while ${action}.${azureSays} Fix: sign in to the environment's tenant (az login --tenant <tenantId>) in the right cloud, then retry${ids}`,
        "failed",
      );
    }
    if (status === 403) {
      const permission = /perform action '([^']+)'/.exec(error.message)?.[1];
      return new OpsError(
        `permission denied (403${code}) while ${action} on ${resourceId}${permission ? `: missing ${permission}` : ""}. Fix: request the role "${roleFor(resourceId, context.writing)}" on that scope (e.g. through PIM), or ask someone who holds it${ids}`,
        "failed",
      );
    }
    if (status === 404) {
      return new OpsError(
        `not found (404${code}) while ${action}: ${resourceId} does not exist. Fix: check --env and --region, and that the environment is deployed there${ids}`,
        "failed",
      );
    }
    if (status === 409) {
      return new OpsError(
        `conflict (409${code}) while ${action}: another operation is in progress on ${resourceId} or its parent.${azureSays} Nothing was changed by this command. Fix: wait for it to finish (fhi gpu status shows the provisioning state), then retry${ids}`,
        "failed",
      );
    }
    if (status === 412) {
      return new OpsError(
        `${resourceId} changed while ${action} (412${code}): someone or something else updated it after it was read, so nothing was written. Fix: run the command again; it re-reads the live state${ids}`,
        "failed",
      );
    }
    if (status === 429) {
      const retryAfter = error.response?.headers.get("retry-after");
      return new OpsError(
        `Azure is throttling requests (429${code}) while ${action}; gave up after ${attemptsOf(error, context)} attempts.${retryAfter ? ` Azure asks to retry after ${retryAfter} s.` : ""} Fix: wait, then retry${ids}`,
        "failed",
      );
    }
    if (status >= 500) {
      return new OpsError(
        `Azure failed (${status}${code}) while ${action}, ${attemptsOf(error, context)} attempts.${azureSays} Fix: retry in a few minutes; if it persists, open an Azure support case quoting the request ID${ids}`,
        "failed",
      );
    }
    return new OpsError(`Azure refused the request (${status}${code}) while ${action} on ${resourceId}.${azureSays}${ids}`, "failed");
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/Operation was canceled/i.test(message)) {
    return new OpsError(`the operation was cancelled in Azure while ${action} (someone or something cancelled it)${requestIdNote(undefined, calls)}`, "failed");
  }
  if (/long-running operation has failed/i.test(message)) {
    const reason = message.replace(/^The long-running operation has failed\.?\s*/i, "");
    return new OpsError(`the operation failed in Azure while ${action}${reason ? `: ${reason}` : ""}${requestIdNote(undefined, calls)}`, "failed");
  }
  return new OpsError(`${action} failed: ${message}`, "failed");
}
