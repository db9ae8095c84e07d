/** The runtimes the publish form offers (current Lambda runtimes; the API takes any in its enum). */
export const LAYER_RUNTIME_CHOICES = [
  "nodejs22.x",
  "nodejs20.x",
  "python3.13",
  "python3.12",
  "python3.11",
  "provided.al2023",
  "provided.al2",
  "java21",
  "java17",
  "dotnet8",
  "ruby3.3",
] as const;

export const LAYER_ARCHITECTURES = ["x86_64", "arm64"] as const;
