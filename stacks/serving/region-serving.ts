import type { Environment, RegionConfig } from "../../environments/schema/config";
import type { RegionNames } from "../../environments/schema/naming";
import type { NetworkStack } from "../network-stack";
import type { PlatformStack } from "../platform-stack";

/** What either way of serving a region (Azure ML managed, or the region's GPU cluster) is built on. */
export interface RegionServingProps {
  readonly env: Environment;
  readonly region: RegionConfig;
  readonly names: RegionNames;
  readonly placement: { readonly location: string; readonly resourceGroupName: string };
  readonly network: NetworkStack;
  readonly platform: PlatformStack;
}
