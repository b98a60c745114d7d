import { PrivateHostName, splitHostname } from "../../../constructs/private-dns/private-host-name";
import { ofType, ref, single, synthResources } from "../synth";

const VNET_ID = "/subscriptions/0/resourceGroups/rg-test/providers/Microsoft.Network/virtualNetworks/vnet-test";

test("the first label is the record, the rest its own private zone", () => {
  expect(splitHostname("model.pilot.clinical-ai.hospital.internal")).toEqual({ record: "model", zone: "pilot.clinical-ai.hospital.internal" });
  expect(splitHostname("model.pilot.internal")).toEqual({ record: "model", zone: "pilot.internal" });
});

test("a name of two labels would make a zone of a top-level domain: refused", () => {
  expect(() => splitHostname("model.internal")).toThrow(/"model\.internal" needs at least three labels \(record\.zone\.tld\)\. Fix:/);
  expect(() => splitHostname(".pilot.internal")).toThrow(/at least three labels/);
});

test("one A record to the address, in a zone linked (without registration) to every network given", () => {
  const resources = synthResources((scope) => {
    new PrivateHostName(scope, "host", { resourceGroupName: "rg-test", hostname: "model.dev.example.internal", ipAddress: "10.10.10.10", virtualNetworkIds: { "vnet-spoke": VNET_ID, "vnet-hub": `${VNET_ID}-hub` }, tags: { owner: "team" } });
  });
  const zone = ofType(resources, "azurerm_private_dns_zone")[0];
  expect(zone.values).toMatchObject({ name: "dev.example.internal", resource_group_name: "rg-test", tags: { owner: "team" } });
  expect(single(resources, "azurerm_private_dns_a_record")).toMatchObject({ name: "model", zone_name: ref(zone, "name"), ttl: 300, records: ["10.10.10.10"] });
  expect(ofType(resources, "azurerm_private_dns_zone_virtual_network_link").map(({ values }) => [values.name, values.virtual_network_id, values.registration_enabled, values.private_dns_zone_name]).sort()).toEqual([
    ["vnet-hub", `${VNET_ID}-hub`, false, ref(zone, "name")],
    ["vnet-spoke", VNET_ID, false, ref(zone, "name")],
  ]);
});
