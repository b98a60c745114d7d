/**
 * Traces of `fhi` commands in Application Insights, when APPLICATIONINSIGHTS_CONNECTION_STRING is set: one trace
 * per command, one span per Azure call (from the call log's policy), the audit fields as attributes. Nothing is
 * instrumented automatically, so only what we put on a span leaves the machine, and only for the connection string's
 * endpoint: never a secret value or PHI.
 */
import * as path from "node:path";
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

/**
 * The exporter's own remote configuration ("OneSettings"): 5 to 15 s after an exporter is made it polls
 * https://settings.sdk.monitor.azure.com, and again every hour. The package exports no way to stop it
 * (@azure/monitor-opentelemetry-exporter 1.0.0-beta.47, dist/commonjs/_configuration/configurationManager.js), so the
 * module is reached by its file; undefined where a later version moved it.
 */
type RemoteConfiguration = { getInstance(): { shutdown(): void } };
function remoteConfiguration(): RemoteConfiguration | undefined {
  try {
    const distroFolder = path.dirname(require.resolve("@azure/monitor-opentelemetry"));
    const exporterEntry = require.resolve("@azure/monitor-opentelemetry-exporter", { paths: [distroFolder] });
    const loaded = require(path.join(path.dirname(exporterEntry), "_configuration", "configurationManager.js")) as { ConfigurationManager?: RemoteConfiguration };
    return typeof loaded.ConfigurationManager?.getInstance === "function" ? loaded.ConfigurationManager : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the distro so that it sends to the connection string's endpoint and nowhere else. On its own it would also
 * report Statsbeat (SDK usage, with our instrumentation key) to Microsoft's public ingestion endpoint, which "doesn't
 * support Azure Private Link" (Learn, azure-monitor/app/statsbeat), and poll its remote configuration. Statsbeat is
 * switched off by the variable this exporter version reads for all of it (APPLICATION_INSIGHTS_NO_STATSBEAT;
 * APPLICATIONINSIGHTS_STATSBEAT_DISABLED turns off only its non-essential part); the poll is stopped before it is due.
 */
function start(connectionString: string, extraCaCertificates: string | undefined, configuration: RemoteConfiguration): void {
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT ??= "true";
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
  configuration.getInstance().shutdown();
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
  const configuration = remoteConfiguration();
  if (!configuration) {
    warn(`warning: telemetry is off for this command: this version of @azure/monitor-opentelemetry-exporter has no known way to stop its calls to settings.sdk.monitor.azure.com; ${CONNECTION_STRING_ENV} is ignored\n`);
    return body();
  }
  start(settings.connectionString, settings.extraCaCertificates, configuration);
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
