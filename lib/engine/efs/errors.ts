import { AwsError } from "../errors/aws-error";

/**
 * An EFS error as the service sends it (restJson): x-amzn-ErrorType plus a body with ErrorCode
 * and Message (every EFS error shape has both), and extra members such as FileSystemId.
 */
export function efsError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): AwsError {
  return new AwsError(status, code, message, "Message", { ErrorCode: code, ...extra });
}

export const badRequest = (message: string) => efsError(400, "BadRequest", message);

export const fileSystemNotFound = (id: string) =>
  efsError(404, "FileSystemNotFound", `File system '${id}' does not exist.`);

export const accessPointNotFound = (id: string) =>
  efsError(404, "AccessPointNotFound", `Access point '${id}' does not exist.`);

export const mountTargetNotFound = (id: string) =>
  efsError(404, "MountTargetNotFound", `Mount target '${id}' does not exist.`);
