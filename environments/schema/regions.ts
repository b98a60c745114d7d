/**
 * Azure regions we may deploy to and their short codes for resource names
 * (the abbreviations the Cloud Adoption Framework examples and Azure Verified Modules use).
 * A region missing here is rejected by validation: add it with its code, never guess one in a name.
 */
export const REGION_CODES = {
  eastus: "eus",
  eastus2: "eus2",
  centralus: "cus",
  westus2: "wus2",
  westus3: "wus3",
  southcentralus: "scus",
  canadacentral: "cac",
  northeurope: "neu",
  westeurope: "weu",
  swedencentral: "sdc",
  germanywestcentral: "gwc",
  francecentral: "frc",
  switzerlandnorth: "szn",
  uksouth: "uks",
  norwayeast: "nwe",
  australiaeast: "aue",
  japaneast: "jpe",
  southeastasia: "sea",
  usgovvirginia: "ugv",
  usgovarizona: "uga",
  chinanorth3: "cnn3",
} as const;

export type RegionName = keyof typeof REGION_CODES;

export const REGION_NAMES = Object.keys(REGION_CODES) as RegionName[];

export function regionCode(region: RegionName): string {
  return REGION_CODES[region];
}
