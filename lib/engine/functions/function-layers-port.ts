import type { FunctionConfiguration } from "./types";

/**
 * What the control plane asks of layers (lib/engine/layers implements it; startEngine wires it):
 * the control plane reads layers, layers read functions, and neither folder imports the other's
 * service.
 */
export interface FunctionLayers {
  /** Checks the request's Layers (create / update) and returns the configuration with them. */
  apply(
    body: Record<string, unknown>,
    config: FunctionConfiguration,
    codeHex: string,
    operation: "create" | "update",
  ): Promise<FunctionConfiguration>;
  /** The unpacked directories of the configuration's layers, in order (merged at /opt). */
  dirsOf(config: FunctionConfiguration): string[];
}
