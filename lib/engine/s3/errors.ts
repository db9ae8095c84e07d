/** An S3 error: restXml's <Error><Code> (codes without "Exception"), sent by the S3 service handler. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export const noSuchBucket = () =>
  new S3Error(404, "NoSuchBucket", "The specified bucket does not exist");
export const noSuchKey = () => new S3Error(404, "NoSuchKey", "The specified key does not exist.");
export const noSuchVersion = () =>
  new S3Error(404, "NoSuchVersion", "The specified version does not exist.");
export const invalidArgument = (message: string) => new S3Error(400, "InvalidArgument", message);
export const invalidRequest = (message: string) => new S3Error(400, "InvalidRequest", message);
export const badDigest = (what: string) =>
  new S3Error(400, "BadDigest", `The ${what} you specified did not match the calculated checksum.`);
