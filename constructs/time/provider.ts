import type { Construct } from "constructs";
import { TerraformProvider, TerraformStack } from "cdktf";

/** Registry source of HashiCorp's time provider; the bindings here speak its 0.x schema (`time_sleep`, `time_offset`). */
export const TIME_PROVIDER_SOURCE = "hashicorp/time";
export const TIME_VERSION_CONSTRAINT = "~> 0.13";

export const TIME_GENERATOR_METADATA = { providerName: "time", providerVersionConstraint: TIME_VERSION_CONSTRAINT } as const;

const PROVIDER_ID = "time";

/** The `time` provider: no configuration, only resources that wait or record a moment. */
export class TimeProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: "time",
      terraformGeneratorMetadata: TIME_GENERATOR_METADATA,
      terraformProviderSource: TIME_PROVIDER_SOURCE,
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

/** Declares the time provider in the stack of `scope` unless it is there already (a stack may hold only one). */
export function ensureTimeProvider(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  if (!(stack.node.tryFindChild(PROVIDER_ID) instanceof TimeProvider)) new TimeProvider(stack, PROVIDER_ID);
}
