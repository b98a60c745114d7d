/**
 * What every change `fhi` sends has in common: the call as planned (shown by dry runs and confirmations), waiting for
 * Azure's long-running operation with progress on the terminal, and, when something fails, what became of the write.
 */
import type { AzureClients } from "./clients";

export interface PlannedCall {
  readonly method: "PUT" | "PATCH";
  /** Full URL with api-version, as it will be sent. */
  readonly url: string;
  /** The fields of the request body that change, as JSON paths, with their old and new values. */
  readonly changes: readonly { readonly field: string; readonly from: unknown; readonly to: unknown }[];
}

/** A field change for a planned call, or none when the value stays. */
export const change = (field: string, from: unknown, to: unknown) => (from === to ? [] : [{ field, from, to }]);

/** The URL of an ARM resource at an API version, as the clients send it. */
export function armUrl(clients: AzureClients, resourceId: string, apiVersion: string): string {
  return `${clients.cloud.resourceManagerUrl}${resourceId}?api-version=${apiVersion}`;
}

export interface Poller<T> {
  onProgress(callback: (state: object) => void): unknown;
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

/** Waits for a long-running operation, telling the terminal how it goes. */
export async function untilDone<T>(poller: Poller<T>, signal: AbortSignal, progress: (line: string) => void): Promise<T> {
  const started = Date.now();
  // Newer pollers report a status; the older generation (Azure ML's) only that it is still going.
  poller.onProgress((state) => {
    const status = "status" in state && typeof state.status === "string" ? state.status : "running";
    progress(`waiting for Azure: ${status} (${Math.round((Date.now() - started) / 1000)} s)`);
  });
  return poller.pollUntilDone({ abortSignal: signal });
}

/**
 * What became of the write itself, from the call log: whether the failure came before Azure accepted the change,
 * after it (a long-running operation that failed, timed out or could not be polled), or left it unanswered.
 */
export function writeOutcome(clients: AzureClients, call: PlannedCall | undefined): string {
  const url = call && new URL(call.url);
  const target = url && `${url.host}${url.pathname}`.toLowerCase();
  const writes = clients.calls.calls.filter((sent) => sent.method === call?.method && sent.target.toLowerCase() === target);
  if (!call || writes.length === 0) return "No change was sent to Azure.";
  const accepted = writes.find((sent) => sent.status !== undefined && sent.status < 300);
  if (accepted) {
    const id = accepted.requestId ? `, request ID ${accepted.requestId}` : "";
    return `Azure accepted the change (${call.method} answered ${accepted.status}${id}); what failed came after, so the change may be live or still being applied.`;
  }
  if (writes.some((sent) => sent.status === undefined)) return `The change got no answer from Azure (${writes.length} attempts): it may or may not have been applied.`;
  return `Azure did not accept the change (${call.method} answered ${[...new Set(writes.map((sent) => sent.status))].join(", ")}).`;
}
