import crypto from "node:crypto";
import { AwsError } from "../errors/aws-error";
import { optBoolean, optObject } from "./body-fields";

/** VpcConfig as Lambda returns it. */
export interface VpcConfigResponse {
  SubnetIds: string[];
  SecurityGroupIds: string[];
  VpcId: string;
  Ipv6AllowedForDualStack: boolean;
}

const constraint = (value: unknown, field: string, rule: string) =>
  new AwsError(
    400,
    "ValidationException",
    `1 validation error detected: Value '${JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${rule}`,
    "message",
  );

function idList(
  vpc: Record<string, unknown>,
  key: string,
  field: string,
  max: number,
  pattern: string,
): string[] {
  const v = vpc[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== "string"))
    throw new AwsError(
      400,
      "InvalidRequestContentException",
      `Could not parse request body into json: ${key} must be a list of strings`,
      "message",
    );
  if (v.length > max)
    throw constraint(v, field, `Member must have length less than or equal to ${max}`);
  const re = new RegExp(`^(?:${pattern})$`);
  if (v.some((s: string) => s.length > 1024 || !re.test(s)))
    throw constraint(
      v,
      field,
      `Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: ${pattern}]`,
    );
  return v as string[];
}

/**
 * VpcConfig of CreateFunction / UpdateFunctionConfiguration. The engine has no VPCs: a function
 * attached to subnets is treated as a VPC function without a NAT gateway, so its environments get
 * no outbound access (the Runtime API and the engine stay reachable). Empty lists detach it.
 */
export function parseVpcConfig(body: Record<string, unknown>): VpcConfigResponse | undefined {
  const vpc = optObject(body, "VpcConfig");
  if (!vpc) return undefined;
  const SubnetIds = idList(vpc, "SubnetIds", "vpcConfig.subnetIds", 16, "subnet-[0-9a-z]*");
  const SecurityGroupIds = idList(
    vpc,
    "SecurityGroupIds",
    "vpcConfig.securityGroupIds",
    5,
    "sg-[0-9a-zA-Z]*",
  );
  const attached = SubnetIds.length > 0;
  return {
    SubnetIds,
    SecurityGroupIds,
    // One stable id per subnet set: there is no VPC to look the subnets up in.
    VpcId: attached
      ? "vpc-" +
        crypto
          .createHash("sha256")
          .update([...SubnetIds].sort().join(","))
          .digest("hex")
          .slice(0, 17)
      : "",
    Ipv6AllowedForDualStack: optBoolean(vpc, "Ipv6AllowedForDualStack") ?? false,
  };
}

/** True when the function's environments may reach beyond the engine (no VPC subnets). */
export function hasOutboundAccess(config: { VpcConfig?: VpcConfigResponse }): boolean {
  return (config.VpcConfig?.SubnetIds.length ?? 0) === 0;
}
