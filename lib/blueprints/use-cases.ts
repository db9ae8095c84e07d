/** Use-case categories the gallery filters on (a blueprint has one or more). */
export const USE_CASES = [
  "getting-started",
  "http-api",
  "scheduled",
  "messaging",
  "storage",
  "streams",
  "data-processing",
  "security",
  "integration",
  "database",
  "custom-runtime",
] as const;
export type UseCase = (typeof USE_CASES)[number];

export const USE_CASE_LABELS: Readonly<Record<UseCase, string>> = {
  "getting-started": "Getting started",
  "http-api": "HTTP APIs",
  scheduled: "Scheduled jobs",
  messaging: "Queues and notifications",
  storage: "Storage",
  streams: "Streams",
  "data-processing": "Data processing",
  security: "Security",
  integration: "Service integration",
  database: "Databases",
  "custom-runtime": "Custom runtimes",
};
