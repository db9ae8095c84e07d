import "server-only";
import { getConsoleStores, recordAudit } from "./console-stores";
import { rereadGroups, type RefreshClient } from "./groups-refresh";
import type { SessionPolicy } from "./session-policy";

// One re-read per session at a time: parallel requests (RSC, prefetches) share it, and a rotating
// refresh token is never spent twice.
const inFlight = new Map<string, Promise<string[] | null>>();

/**
 * The groups of an external-IdP session, re-read from the IdP when the last read is older than
 * the policy's interval; null ends the session (unknown id, or the IdP no longer confirms it).
 */
export async function currentGroups(
  sid: string,
  client: RefreshClient,
  policy: SessionPolicy,
  now = Date.now(),
): Promise<string[] | null> {
  const store = getConsoleStores().idpSessions;
  const s = store.get(sid);
  if (!s) return null;
  if (now - s.checkedAt < policy.groupsRefreshMs) return s.groups;
  let pending = inFlight.get(sid);
  if (!pending) {
    pending = rereadGroups(s, client, now)
      .then((outcome) => {
        if (outcome.ok) {
          store.update(sid, outcome.update);
          return outcome.update.groups;
        }
        store.delete(sid);
        recordAudit({
          actor: s.subject,
          actorName: null,
          role: null,
          action: "auth.session-ended",
          target: null,
          resource: null,
          result: "ok",
          message: `Groups could not be re-read from the IdP: ${outcome.reason}`,
        });
        return null;
      })
      .finally(() => inFlight.delete(sid));
    inFlight.set(sid, pending);
  }
  return pending;
}
