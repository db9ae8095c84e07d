import { handlers } from "@/lib/auth/auth";
import { publicRoute } from "@/lib/auth/define-route";

// Auth.js's own endpoints (sign-in, callback, session, sign-out): they establish the session.
export const GET = publicRoute("Auth.js establishes the session", handlers.GET);
export const POST = publicRoute("Auth.js establishes the session", handlers.POST);
