/** The ARNs of Signer's resources in one account and region. */
export interface SignerArns {
  profile(name: string): string;
  profileVersion(name: string, version: string): string;
  job(jobId: string): string;
}

export const signerArns = (region: string, account: string): SignerArns => ({
  profile: (n) => `arn:aws:signer:${region}:${account}:/signing-profiles/${n}`,
  profileVersion: (n, v) => `arn:aws:signer:${region}:${account}:/signing-profiles/${n}/${v}`,
  job: (id) => `arn:aws:signer:${region}:${account}:/signing-jobs/${id}`,
});
