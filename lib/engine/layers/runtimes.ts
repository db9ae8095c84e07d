import { RUNTIME_ENUM } from "../../lambda-rules/runtimes";

/** The model's Runtime enum: what CompatibleRuntimes may name (any runtime, even retired ones). */
export const LAYER_RUNTIMES: readonly string[] = RUNTIME_ENUM;

export const LAYER_ARCHITECTURES: readonly string[] = ["x86_64", "arm64"];
