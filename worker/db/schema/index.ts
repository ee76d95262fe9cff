export * from "./tenants";
export * from "./users";
export * from "./categories";
export * from "./tickets";
export * from "./outbound";
export * from "./inbound";
export * from "./portal";
