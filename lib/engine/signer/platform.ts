import { AwsError } from "../errors/aws-error";
import type { ValidityType } from "./store";

export const PLATFORM_ID = "AWSLambda-SHA384-ECDSA";

/** The one platform the engine signs for, as Signer describes Lambda's. */
export const LAMBDA_PLATFORM = {
  platformId: PLATFORM_ID,
  displayName: "AWS Lambda",
  partner: "AWSLambda",
  target: "SHA384-ECDSA",
  category: "AWS",
  signingConfiguration: {
    encryptionAlgorithmOptions: { allowedValues: ["ECDSA"], defaultValue: "ECDSA" },
    hashAlgorithmOptions: { allowedValues: ["SHA384"], defaultValue: "SHA384" },
  },
  signingImageFormat: { supportedFormats: ["JSONDetached"], defaultFormat: "JSONDetached" },
  maxSizeInMB: 250,
  revocationSupported: true,
};

const MAX_MONTHS = 135;

/** SignatureValidityPeriod: 135 months unless given; at least a day, at most 135 months. */
export function parseValidity(v: unknown): { value: number; type: ValidityType } {
  if (v === undefined || v === null) return { value: MAX_MONTHS, type: "MONTHS" };
  const { value, type } = v as { value?: unknown; type?: unknown };
  if (type !== "DAYS" && type !== "MONTHS" && type !== "YEARS")
    throw new AwsError(
      400,
      "ValidationException",
      "signatureValidityPeriod.type must be one of DAYS, MONTHS, YEARS.",
      "message",
    );
  const n = Number(value);
  const months = type === "DAYS" ? n / 30 : type === "MONTHS" ? n : n * 12;
  if (!Number.isInteger(n) || n < 1 || months > MAX_MONTHS)
    throw new AwsError(
      400,
      "ValidationException",
      "The signature validity period must be between 1 day and 135 months.",
      "message",
    );
  return { value: n, type };
}

/** The expiry of a signature made at `from` (calendar months and years, as Signer counts them). */
export function addValidity(from: number, v: { value: number; type: ValidityType }): number {
  const d = new Date(from);
  if (v.type === "DAYS") return from + v.value * 86_400_000;
  if (v.type === "MONTHS") d.setUTCMonth(d.getUTCMonth() + v.value);
  else d.setUTCFullYear(d.getUTCFullYear() + v.value);
  return d.getTime();
}
