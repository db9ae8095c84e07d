// The fields the console adds to Auth.js's session and JWT (see auth.ts callbacks).
import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    groups: string[];
    /** When this sign-in happened (ms); sessions from before a sign-out are refused. */
    signedInAt?: number;
    /** The server-side session (external IdPs): tokens and re-read groups (idp-session-store.ts). */
    sid?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    groups?: string[];
    signedInAt?: number;
    sid?: string;
  }
}
