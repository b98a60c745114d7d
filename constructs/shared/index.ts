export * from "./interfaces";
export * from "./roles";
export * from "./resource-interfaces";
