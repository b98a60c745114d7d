import type { Construct } from "constructs";
import { RegionStack, type RegionStackProps } from "./region-stacks";
import type { NetworkStack } from "./network-stack";

export interface PlatformStackProps extends RegionStackProps {
  readonly network: NetworkStack;
}

/** Key Vault, identities, registry, storage, logs: the services the workloads rely on. */
export class PlatformStack extends RegionStack {
  constructor(scope: Construct, props: PlatformStackProps) {
    super(scope, props, "platform");
  }
}
