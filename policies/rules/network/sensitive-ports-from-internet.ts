import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";
import { NSG_READING, NSG_RULE_TYPES, PORTED_PROTOCOLS, checkInternetExposure } from "../common/nsg";

/**
 * Services that must never face the internet: clear-text logins, file sharing, remote management and the data
 * stores PHI lives in (IANA service name registry, and each product's documented default port).
 */
export const SENSITIVE_PORTS: Readonly<Record<number, string>> = {
  20: "FTP data",
  21: "FTP",
  23: "Telnet",
  135: "RPC endpoint mapper",
  137: "NetBIOS name service",
  138: "NetBIOS datagram",
  139: "NetBIOS session",
  389: "LDAP",
  445: "SMB",
  636: "LDAPS",
  1433: "SQL Server",
  1434: "SQL Server browser",
  1521: "Oracle",
  2049: "NFS",
  2375: "Docker API",
  2376: "Docker API (TLS)",
  2379: "etcd",
  3306: "MySQL",
  5432: "PostgreSQL",
  5601: "Kibana",
  5900: "VNC",
  5984: "CouchDB",
  5985: "WinRM",
  5986: "WinRM (HTTPS)",
  6379: "Redis",
  6380: "Redis (TLS)",
  6443: "Kubernetes API",
  7000: "Cassandra",
  9042: "Cassandra CQL",
  9092: "Kafka",
  9200: "Elasticsearch",
  9300: "Elasticsearch transport",
  10250: "kubelet",
  11211: "Memcached",
  27017: "MongoDB",
  27018: "MongoDB",
  27019: "MongoDB",
};

export const nsgSensitivePortsFromInternet = defineRule({
  id: "FHI-NSG-006",
  title: "NSG rules do not expose file-sharing, remote-management or database ports to the internet",
  severity: "error",
  critical: true,
  service: "network",
  resourceTypes: NSG_RULE_TYPES,
  generations: AZURERM_2_TO_4,
  rationale:
    `Telnet, FTP, SMB, NetBIOS, LDAP, WinRM and VNC logins, container and Kubernetes control ports, and the ports of SQL Server, MySQL, PostgreSQL, Oracle, Redis, MongoDB, Cassandra, Elasticsearch and other data stores are scanned for continuously; opened to the internet they expose PHI to the first weak password or unpatched flaw. SSH, RDP and HTTP have rules of their own (FHI-NSG-001 to -003). Any protocol but ICMP counts. ${NSG_READING}`,
  remediation: "Remove the rule, or restrict its source to the hub, Bastion or a private endpoint range; reach data stores through private endpoints.",
  references: { hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) =>
    checkInternetExposure(resource, { ports: Object.keys(SENSITIVE_PORTS).map(Number), protocols: PORTED_PROTOCOLS }, "file-sharing, remote-management or database ports"),
});
