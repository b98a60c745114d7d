/**
 * Every HTTP call an SDK client makes goes through one pipeline policy that records it (for the audit record's
 * request IDs and for error messages) and wraps it in a telemetry span. Only the method, the host and path, the
 * status and Azure's request IDs are kept: never a query string, a header value other than the IDs, or a body,
 * so no secret value can reach the audit log or a trace.
 */
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { SecretClientOptions } from "@azure/keyvault-secrets";

type AdditionalPolicy = NonNullable<SecretClientOptions["additionalPolicies"]>[number];
type PipelinePolicy = AdditionalPolicy["policy"];

export interface AzureCall {
  readonly method: string;
  /** Host and path, without the query string. */
  readonly target: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly correlationId?: string;
  readonly durationMs: number;
}

export const TRACER_NAME = "fhi";

export class AzureCallLog {
  private readonly recorded: AzureCall[] = [];

  get calls(): readonly AzureCall[] {
    return this.recorded;
  }

  /** Azure's request IDs (x-ms-request-id, else the correlation ID), in call order, without repeats. */
  requestIds(): string[] {
    return [...new Set(this.recorded.map((call) => call.requestId ?? call.correlationId).filter((id): id is string => Boolean(id)))];
  }

  /** Runs once per attempt, so retries show up as calls of their own. */
  policy(): AdditionalPolicy {
    const policy: PipelinePolicy = {
      name: "fhiAzureCallLog",
      sendRequest: async (request, next) => {
        const url = new URL(request.url);
        const target = `${url.host}${url.pathname}`;
        const tracer = trace.getTracer(TRACER_NAME);
        return tracer.startActiveSpan(`${request.method} ${url.pathname}`, { kind: SpanKind.CLIENT, attributes: { "http.request.method": request.method, "server.address": url.host, "url.path": url.pathname } }, async (span) => {
          const started = Date.now();
          try {
            const response = await next(request);
            const call: AzureCall = {
              method: request.method,
              target,
              status: response.status,
              requestId: response.headers.get("x-ms-request-id") ?? undefined,
              correlationId: response.headers.get("x-ms-correlation-request-id") ?? undefined,
              durationMs: Date.now() - started,
            };
            this.recorded.push(call);
            span.setAttribute("http.response.status_code", response.status);
            if (call.requestId) span.setAttribute("az.service_request_id", call.requestId);
            if (response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
            return response;
          } catch (error) {
            this.recorded.push({ method: request.method, target, durationMs: Date.now() - started });
            span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
            throw error;
          } finally {
            span.end();
          }
        });
      },
    };
    return { policy, position: "perRetry" };
  }
}

/** Node's codes for a host name that does not resolve: retrying in seconds will not change that. */
const UNRESOLVED = new Set(["ENOTFOUND", "EAI_AGAIN"]);
/** The code the SDK's retry strategy treats as a transient transport failure (retried with back-off). */
const TRANSIENT_TRANSPORT_CODE = "ECONNRESET";

/**
 * Transport failures the SDK's retry strategy misjudges. A connection dropped after the status line ("Error
 * reading response as text: aborted") is not retried by the SDK although the next try usually succeeds: for reads
 * (GET, HEAD: safe to repeat) it is marked as the connection reset it is, so the retry strategy retries it with
 * back-off. A host name that does not resolve (a private vault seen from outside its network) is retried by the SDK
 * for seconds although it never will resolve: it is marked so that it fails at once.
 */
export function transportRetryPolicy(): AdditionalPolicy {
  const policy: PipelinePolicy = {
    name: "fhiTransportRetry",
    sendRequest: async (request, next) => {
      try {
        return await next(request);
      } catch (error) {
        const failure = error as Error & { code?: string; statusCode?: number };
        if (failure.statusCode === undefined && failure.code !== undefined) {
          const isRead = request.method === "GET" || request.method === "HEAD";
          if (isRead && /^Error reading response/.test(failure.message)) failure.code = TRANSIENT_TRANSPORT_CODE;
          else if (UNRESOLVED.has(failure.code)) failure.code = `${failure.code}_NOT_RETRIED`;
        }
        throw error;
      }
    },
  };
  return { policy, position: "perRetry" };
}
