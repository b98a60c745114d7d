import type { ValueObject } from "./value";

/** What kind of document a resource came from. */
export type InputKind = "cdktf" | "terraform-json" | "plan";

export type PlanAction = "create" | "read" | "update" | "delete" | "no-op";

/** Where a resource is declared, for reports and for mapping findings back to constructs. */
export interface ResourceSource {
  readonly kind: InputKind;
  /** The file as the user named it (or as found inside a cdktf.out directory). */
  readonly file: string;
  /** 1-based line of the resource's declaration in `file`, when it could be found. */
  readonly line?: number;
  /** The cdktf stack the resource belongs to. */
  readonly stack?: string;
  /** The cdktf construct path (`//.metadata.path`), e.g. `dev-eastus2-platform/key-vault/vault`. */
  readonly constructPath?: string;
  /**
   * Provider version constraints the input states, by provider name (`required_providers`, a plan's
   * `provider_config`), e.g. `{ azurerm: "~> 3.0" }`: defaults depend on the provider that reads the resource.
   */
  readonly providerVersions?: { readonly [provider: string]: string };
}

/** A suppression as written in the input, before it is validated against the rule catalog. */
export interface DeclaredSuppression {
  readonly ruleId: string;
  readonly reason: string;
  /** ISO date `YYYY-MM-DD`; the suppression no longer applies after this day (UTC). */
  readonly expires?: string;
  /** Where it was declared: `code` for the construct helper, else the suppression file's path. */
  readonly origin: string;
}

/** A separate resource whose settings the effective view of its parent holds as one of the parent's blocks. */
export interface ConfiguringResource {
  readonly address: string;
  /** The parent's block it stands for, e.g. `security_rule`. */
  readonly block: string;
  /** Its values, as they appear (the same object) in the parent's `block`. */
  readonly values: ValueObject;
}

/** A relationship: the attribute at `path` of one resource refers to another resource (by key). */
export interface ResourceReference {
  /** Dotted attribute path without list indexes, e.g. `private_service_connection.private_connection_resource_id`. */
  readonly path: string;
  /** `key` of the resource referred to. */
  readonly target: string;
}

/**
 * One resource (or data source) of any input, normalized. `values` are the attributes as configured
 * (Terraform JSON) or as planned (plan JSON, `change.after`), with unknowns marked.
 */
export interface Resource {
  /** Unique within a ResourceModel: the scope (stack or file) and the address. */
  readonly key: string;
  /** Terraform address, e.g. `azurerm_key_vault.main`, `module.net.azurerm_subnet.app[0]`. */
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly values: ValueObject;
  /** Plans only: the state before the change (`null` when created). */
  readonly before?: ValueObject | null;
  /** Plans only: what Terraform will do. */
  readonly actions?: readonly PlanAction[];
  readonly references: readonly ResourceReference[];
  readonly suppressions: readonly DeclaredSuppression[];
  readonly source: ResourceSource;
  /**
   * Only on the effective view of a resource (`ResourceModel.effective`): the separate resources whose settings
   * were merged into `values`, and the block each stands for.
   */
  readonly configuredBy?: readonly ConfiguringResource[];
}
