/**
 * Data-residency geographies of Azure regions: where health data may lawfully be processed together. A region
 * missing here is its own geography, so an unknown pairing is reported rather than assumed safe.
 */
const GEOGRAPHY_OF_REGION: Readonly<Record<string, string>> = {
  eastus: "United States",
  eastus2: "United States",
  centralus: "United States",
  northcentralus: "United States",
  southcentralus: "United States",
  westus: "United States",
  westus2: "United States",
  westus3: "United States",
  usgovvirginia: "United States",
  usgovarizona: "United States",
  northeurope: "European Union",
  westeurope: "European Union",
  swedencentral: "European Union",
  germanywestcentral: "European Union",
  francecentral: "European Union",
  italynorth: "European Union",
  polandcentral: "European Union",
  spaincentral: "European Union",
  uksouth: "United Kingdom",
  ukwest: "United Kingdom",
  switzerlandnorth: "Switzerland",
  norwayeast: "Norway",
  canadacentral: "Canada",
  australiaeast: "Australia",
  japaneast: "Japan",
  southeastasia: "Asia Pacific",
  chinanorth3: "China",
};

export function geographyOf(region: string): string {
  const key = region.toLowerCase().replace(/\s+/g, "");
  return GEOGRAPHY_OF_REGION[key] ?? key;
}
