/** The console's own shapes; pages and components never see SDK types. */
export interface FunctionSummary {
  name: string;
  arn: string;
  /** Runtime identifier for zip packages; absent for container images. */
  runtime?: string;
  packageType: "Zip" | "Image";
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** ISO 8601 as Lambda reports it. */
  lastModified: string;
  architectures: string[];
  codeSizeBytes: number;
  state?: string;
}

export interface AccountSettings {
  concurrencyLimit: number;
  unreservedConcurrency: number;
  codeSizeZippedLimitBytes: number;
  codeSizeUnzippedLimitBytes: number;
  totalCodeSizeLimitBytes: number;
  totalCodeSizeUsedBytes: number;
  functionCount: number;
}
