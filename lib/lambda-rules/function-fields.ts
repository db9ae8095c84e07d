/**
 * Function-field constraints from the Lambda service model and AWS's documented limits (pure:
 * shared by the engine's validation, the create forms and the blueprint manifest).
 */

/** A name as CreateFunction takes it on its own (the model's FunctionName, without ARN forms). */
export const PLAIN_FUNCTION_NAME_RE = /^[a-zA-Z0-9-_]{1,64}$/;

export const HANDLER_PATTERN = "[^\\s]+";
export const HANDLER_MAX = 128;
export const HANDLER_RE = /^[^\s]{1,128}$/;

export const ROLE_PATTERN = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";
export const ROLE_RE = new RegExp(`^${ROLE_PATTERN}$`);

export const DESCRIPTION_MAX = 256;

/** Integer ranges AWS enforces for standard functions (the model's bounds are wider for some). */
export const MEMORY_SIZE = { min: 128, max: 10240 } as const;
export const TIMEOUT = { min: 1, max: 900 } as const;
export const EPHEMERAL_STORAGE = { min: 512, max: 10240 } as const;

export const ARCHITECTURES = ["x86_64", "arm64"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];
