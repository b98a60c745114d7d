/**
 * Request bodies for the API Management resources we manage through azapi, typed by hand from the REST spec
 * (`specification/apimanagement/.../stable/2024-05-01/definitions.json`, `LoggerContractProperties`): no SDK for
 * API Management is installed, and the one body we need is small.
 */

/** A GA version whose loggers take `credentials.identityClientId` (documented from 2022-08-01 on). */
export const APIM_API_VERSION = "2024-05-01";

export const APIM_RESOURCE_TYPES = {
  logger: `Microsoft.ApiManagement/service/loggers@${APIM_API_VERSION}`,
} as const;

/**
 * `credentials` is a string map in the spec. For Application Insights with Entra ID auth it holds the connection
 * string and the client ID of the gateway's user-assigned identity (or `SystemAssigned`), which must hold
 * Monitoring Metrics Publisher on the Application Insights resource.
 */
export interface ApplicationInsightsLoggerCredentials {
  readonly connectionString?: string;
  readonly identityClientId?: string;
}

export interface ApplicationInsightsLoggerBody {
  readonly properties: {
    readonly loggerType: "applicationInsights";
    /** ARM ID of the Application Insights resource. */
    readonly resourceId: string;
    readonly description?: string;
    /** Default (service side): true. */
    readonly isBuffered?: boolean;
    readonly credentials: ApplicationInsightsLoggerCredentials;
  };
}

/** The write-only part of the logger's body: the connection string, which azapi then keeps out of state. */
export interface ApplicationInsightsLoggerSensitiveBody {
  readonly properties: { readonly credentials: Required<Pick<ApplicationInsightsLoggerCredentials, "connectionString">> };
}
