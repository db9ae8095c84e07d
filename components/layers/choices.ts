import { CURRENT_RUNTIMES } from "@/lib/lambda-rules/runtimes";

/** The runtimes the publish form offers (current Lambda runtimes; the API takes any in its enum). */
export const LAYER_RUNTIME_CHOICES = CURRENT_RUNTIMES;

export const LAYER_ARCHITECTURES = ["x86_64", "arm64"] as const;
