/**
 * Why no Azure token could be had, said for the credential that was tried. "Nobody is signed in" (fix: az login)
 * and "a service principal or managed identity was tried and Entra ID refused it" (fix: that credential) are
 * different failures with different fixes; Entra's own answer (AADSTS code and message) is quoted.
 * Error shapes as @azure/identity 4.x throws them: AuthenticationError (a credential's request was refused, with
 * `errorResponse`), AggregateAuthenticationError (DefaultAzureCredential's chain: every credential's error in
 * `errors`), CredentialUnavailableError (a credential had nothing to try, or its endpoint refused it).
 */
import { OpsError } from "./errors";

/** What @azure/identity throws when no credential could produce a token. */
export const CREDENTIAL_ERRORS = new Set(["CredentialUnavailableError", "AggregateAuthenticationError", "AuthenticationError"]);

interface IdentityError {
  readonly name: string;
  readonly message: string;
  readonly errorResponse?: { readonly error?: string; readonly errorDescription?: string };
  readonly errors?: readonly IdentityError[];
}

/** A credential that was tried and refused: which one, and what Entra ID (or the identity endpoint) answered. */
interface Refusal {
  readonly credential: string;
  readonly answer: string;
  readonly aadsts?: string;
}

/** The signs that a credential got as far as asking and was told no (rather than having nothing to ask with). */
const REFUSED = /AADSTS\d+|Authentication failed|Status code: \d{3}|Description: /;

function refusalOf(error: IdentityError): Refusal | undefined {
  const text = `${error.message} ${error.errorResponse?.errorDescription ?? ""}`;
  if (error.name !== "AuthenticationError" && !REFUSED.test(text)) return undefined;
  const credential = /^(\w+Credential)\b/.exec(error.message)?.[1] ?? /^(\w+Credential)\b/.exec(error.errorResponse?.error ?? "")?.[1] ?? "the credential";
  const aadsts = /(AADSTS\d+): ([^]*?)(?=\s+Trace ID:|\s+- Correlation ID:|$)/.exec(text);
  const oauthError = /\b(invalid_\w+|unauthorized_client|access_denied|interaction_required)\b/.exec(text)?.[1];
  const description = /Description: ([^]*?)(?= - Correlation ID:| - Trace ID:|$)/.exec(text)?.[1]?.trim();
  const answer = aadsts ? `${oauthError ? `${oauthError}: ` : ""}${aadsts[1]}: ${aadsts[2].trim()}` : [oauthError, description].filter(Boolean).join(": ") || error.message.split("\n")[0];
  return { credential, answer, aadsts: aadsts?.[1] };
}

/** The refused credential of an identity error, looking inside DefaultAzureCredential's chain. */
function findRefusal(error: IdentityError): Refusal | undefined {
  if (error.errors) {
    for (const inner of error.errors) {
      const refusal = refusalOf(inner);
      if (refusal) return refusal;
    }
    return undefined;
  }
  return refusalOf(error);
}

const SERVICE_PRINCIPAL_FIXES: Readonly<Record<string, string>> = {
  AADSTS7000215: "the client secret is wrong: set AZURE_CLIENT_SECRET to the secret's value (not its ID), or create a new secret for the app",
  AADSTS7000222: "the client secret has expired: create a new secret for the app (az ad app credential reset --id $AZURE_CLIENT_ID) and set AZURE_CLIENT_SECRET",
  AADSTS700016: "no app with AZURE_CLIENT_ID exists in the tenant: check AZURE_CLIENT_ID and AZURE_TENANT_ID (the environment's tenantId)",
  AADSTS90002: "the tenant does not exist in this cloud: check AZURE_TENANT_ID and the environment's cloud",
  AADSTS700027: "the client certificate is not registered on the app or has expired: upload the certificate the app presents (AZURE_CLIENT_CERTIFICATE_PATH)",
  AADSTS70021: "no federated credential of the app matches this workload's token: add one for its issuer and subject (az ad app federated-credential create)",
  AADSTS700213: "no federated credential of the app matches this workload's token subject: add one for this subject (az ad app federated-credential create)",
};

/** What to do about a refusal, for the kind of credential that was refused. */
function fixFor(refusal: Refusal, tenantId: string): string {
  if (refusal.aadsts && SERVICE_PRINCIPAL_FIXES[refusal.aadsts]) return SERVICE_PRINCIPAL_FIXES[refusal.aadsts];
  switch (refusal.credential) {
    case "EnvironmentCredential":
    case "ClientSecretCredential":
    case "ClientCertificateCredential":
      return `check the service principal set in AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH): its secret or certificate must be current and the tenant must be ${tenantId}`;
    case "WorkloadIdentityCredential":
      return "check the workload identity: AZURE_CLIENT_ID must name the app whose federated credential matches this workload's issuer and subject, and AZURE_FEDERATED_TOKEN_FILE must hold a current token";
    case "ManagedIdentityCredential":
      return "this host's managed identity endpoint refused: assign a managed identity to the VM, App Service or pod this runs on (for a user-assigned identity, set AZURE_CLIENT_ID to its client ID), or unset IDENTITY_ENDPOINT/MSI_ENDPOINT where there is none";
    case "AzureCliCredential":
      return `sign in again: az login --tenant ${tenantId} (in the environment's cloud)`;
    default:
      return `check the credential named above, or sign in with az login --tenant ${tenantId}`;
  }
}

/** An OpsError that says which credential was tried, what was answered and what to do; or that none was there. */
export function explainCredentialError(error: Error, tenantId: string): OpsError {
  const refusal = findRefusal(error as IdentityError);
  if (!refusal) {
    return new OpsError(
      `no Azure token for tenant ${tenantId}: no credential was available (${error.name}). Fix: az login --tenant ${tenantId} (in the environment's cloud), or run where a managed or workload identity is set up`,
      "failed",
    );
  }
  return new OpsError(`no Azure token for tenant ${tenantId}: ${refusal.credential} was tried and refused: ${refusal.answer.replace(/\.$/, "")}. Fix: ${fixFor(refusal, tenantId)}`, "failed");
}
