import type { Construct } from "constructs";
import { RegionStack, type RegionStackProps } from "./region-stacks";
import type { NetworkStack } from "./network-stack";
import type { PlatformStack } from "./platform-stack";

export interface InferenceStackProps extends RegionStackProps {
  readonly network: NetworkStack;
  readonly platform: PlatformStack;
}

/** GPU clusters, the ML workspace and online endpoints: where the model runs; changes most often. */
export class InferenceStack extends RegionStack {
  constructor(scope: Construct, props: InferenceStackProps) {
    super(scope, props, "inference");
  }
}
