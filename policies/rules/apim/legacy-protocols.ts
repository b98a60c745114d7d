import { all, expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

/** Each legacy protocol with its 4.x attribute name and the 2.x/3.x one. */
const PROTOCOLS = [
  ["frontend_ssl30_enabled", "enable_frontend_ssl30"],
  ["frontend_tls10_enabled", "enable_frontend_tls10"],
  ["frontend_tls11_enabled", "enable_frontend_tls11"],
  ["backend_ssl30_enabled", "enable_backend_ssl30"],
  ["backend_tls10_enabled", "enable_backend_tls10"],
  ["backend_tls11_enabled", "enable_backend_tls11"],
] as const;

/**
 * Cipher suites without forward secrecy (TLS_RSA_*) or with CBC and SHA-1, and 3DES: every cipher flag the
 * security block offers, all off by default. PSRule for Azure (Azure.APIM.Ciphers) lists them as weak.
 */
const CIPHERS = [
  ["triple_des_ciphers_enabled", "enable_triple_des_ciphers"],
  ["tls_ecdhe_ecdsa_with_aes128_cbc_sha_ciphers_enabled"],
  ["tls_ecdhe_ecdsa_with_aes256_cbc_sha_ciphers_enabled"],
  ["tls_ecdhe_rsa_with_aes128_cbc_sha_ciphers_enabled"],
  ["tls_ecdhe_rsa_with_aes256_cbc_sha_ciphers_enabled"],
  ["tls_rsa_with_aes128_cbc_sha256_ciphers_enabled"],
  ["tls_rsa_with_aes128_cbc_sha_ciphers_enabled"],
  ["tls_rsa_with_aes128_gcm_sha256_ciphers_enabled"],
  ["tls_rsa_with_aes256_cbc_sha256_ciphers_enabled"],
  ["tls_rsa_with_aes256_cbc_sha_ciphers_enabled"],
  ["tls_rsa_with_aes256_gcm_sha384_ciphers_enabled"],
] as const;

export const apimLegacyProtocols = defineRule({
  id: "FHI-APIM-002",
  title: "API Management has SSL 3.0, TLS 1.0/1.1 and weak cipher suites turned off",
  severity: "error",
  critical: true,
  service: "apim",
  resourceTypes: ["azurerm_api_management"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Legacy protocols and ciphers can be downgraded to or broken, and TLS_RSA suites give no forward secrecy; requests and completions carrying PHI cross both of the gateway's legs. Every cipher flag of the security block re-enables a suite PSRule for Azure (Azure.APIM.Ciphers) lists as weak.",
  remediation: "In the security block set every frontend_/backend_ ssl30, tls10 and tls11 flag (2.x/3.x: enable_frontend_ssl30, ...), triple_des_ciphers_enabled and every tls_*_ciphers_enabled flag to false (the defaults).",
  references: { checkov: ["CKV_AZURE_173"], hipaa: ["164.312(e)(2)(ii)"] },
  check: (resource) => all([...PROTOCOLS, ...CIPHERS].map((names) => expectBoolean(resource, names.map((name) => `security.${name}`), false, false))),
});
