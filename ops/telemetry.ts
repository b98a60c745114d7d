/**
 * Traces of `fhi` commands in Application Insights, when APPLICATIONINSIGHTS_CONNECTION_STRING is set: one trace
 * per command, one span per Azure call (from the call log's policy), the audit fields as attributes. Nothing is
 * instrumented automatically, so only what we put on a span leaves the machine: never a secret value or PHI.
 */
import * as tls from "node:tls";
import { context, metrics, propagation, SpanStatusCode, trace } from "@opentelemetry/api";

/** Loading the distro takes seconds, so it is loaded only when a connection string asks for telemetry. */
const distro = () => require("@azure/monitor-opentelemetry") as typeof import("@azure/monitor-opentelemetry");
import { TRACER_NAME } from "./azure-calls";

export const CONNECTION_STRING_ENV = "APPLICATIONINSIGHTS_CONNECTION_STRING";

export interface TelemetrySettings {
  readonly connectionString?: string;
  /** PEM certificates to trust for the ingestion endpoint (a private cloud's private CA). */
  readonly extraCaCertificates?: string;
}

function start(connectionString: string, extraCaCertificates: string | undefined): void {
  // Statsbeat reports SDK usage to Microsoft's own endpoint, which a sovereign or private network cannot reach.
  process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED ??= "true";
  distro().useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString,
      disableOfflineStorage: true,
      tlsOptions: extraCaCertificates ? { ca: [...tls.rootCertificates, extraCaCertificates] } : undefined,
    },
    samplingRatio: 1,
    tracesPerSecond: 0,
    enableLiveMetrics: false,
    enableStandardMetrics: false,
    enablePerformanceCounters: false,
    instrumentationOptions: {
      http: { enabled: false },
      azureSdk: { enabled: false },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
      console: { enabled: false },
    },
  });
}

/**
 * Flushes every span, then unregisters, so the next command in this process (tests, a REPL) starts clean.
 * Telemetry that cannot be delivered is reported, never a reason for the command to fail.
 */
async function stop(warn: (line: string) => void): Promise<void> {
  try {
    await distro().shutdownAzureMonitor();
  } catch (error) {
    warn(`warning: could not deliver telemetry to Application Insights: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  trace.disable();
  context.disable();
  propagation.disable();
  metrics.disable();
}

/** Runs a command as one trace when a connection string is given; spans are flushed before this returns. */
export async function traced<T>(
  command: string,
  settings: TelemetrySettings,
  attributes: Record<string, string>,
  warn: (line: string) => void,
  body: () => Promise<T>,
): Promise<T> {
  if (!settings.connectionString) return body();
  start(settings.connectionString, settings.extraCaCertificates);
  try {
    return await trace.getTracer(TRACER_NAME).startActiveSpan(`fhi ${command}`, { attributes }, async (span) => {
      try {
        return await body();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
        throw error;
      } finally {
        span.end();
      }
    });
  } finally {
    await stop(warn);
  }
}
