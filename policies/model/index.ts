/**
 * The resource model shared by `fhi policy` and `fhi review`: adapters (`policies/adapters`) turn cdktf
 * output, Terraform JSON and plan JSON into `Resource`s; `ResourceModel` indexes them and resolves
 * references in both directions; `valueAt`/`blocksAt` read attributes whatever form nested blocks take.
 */
export * from "./value";
export * from "./resource";
export * from "./model";
