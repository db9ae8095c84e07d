/**
 * Hostile code below the language runtimes: a shell `bootstrap` (provided.al2023, and the same
 * script as a container image's entrypoint) and an LD_PRELOAD library that marks every process
 * it is loaded into.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { busyboxImage, type TestImageSpec } from "../images/build-test-image";

/**
 * A custom runtime in POSIX sh using busybox (the image's /bin/busybox; in a zip sandbox the
 * host's busybox-static under /usr/bin). Event {"mode":"env"} echoes its variables; event
 * {"mode":"net","urls":"u1 u2","enginePort":N} tries each URL (and 127.0.0.1:N unless that is
 * AWS_ENDPOINT_URL) and reports its routing table for 169.254.169.254 (base64), never
 * connecting there.
 */
export const SHELL_BOOTSTRAP = `#!/bin/sh
BB=/bin/busybox
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"

attempt() {
  if $BB timeout 5 $BB wget -q -O /tmp/body "$1" 2>/tmp/err; then
    printf '"reached":true,"detail":"HTTP 200"'
  elif $BB grep -q 'server returned error' /tmp/err; then
    printf '"reached":true,"detail":"%s"' "$($BB head -c 80 /tmp/err | $BB tr -d '"\\\\\\r\\n')"
  else
    printf '"reached":false,"detail":"%s"' "$($BB head -c 80 /tmp/err | $BB tr -d '"\\\\\\r\\n')"
  fi
}

net() {
  URLS=$(printf '%s' "$1" | $BB sed -n 's/.*"urls":"\\([^"]*\\)".*/\\1/p')
  EP=$(printf '%s' "$1" | $BB sed -n 's/.*"enginePort":\\([0-9]*\\).*/\\1/p')
  case "$AWS_ENDPOINT_URL" in
    "http://127.0.0.1:$EP" | "http://127.0.0.1:$EP/") ;;
    *) URLS="$URLS http://127.0.0.1:$EP/" ;;
  esac
  OUT=""
  for U in $URLS; do
    OUT="$OUT\${OUT:+,}{\\"url\\":\\"$U\\",$(attempt "$U")}"
  done
  ENDPOINT=$(attempt "$AWS_ENDPOINT_URL/2015-03-31/functions")
  ROUTE=$($BB base64 -w 0 /proc/net/route)
  IPGET=$($BB ip route get 169.254.169.254 2>&1 | $BB base64 -w 0)
  printf '{"attempts":[%s],"endpoint":{%s},"procRoute64":"%s","ipRouteGet64":"%s"}' \\
    "$OUT" "$ENDPOINT" "$ROUTE" "$IPGET"
}

while true; do
  BODY=$($BB wget -q -S -O - "$API/invocation/next" 2>/tmp/headers) || { $BB sleep 1; continue; }
  ID=$($BB grep -i 'lambda-runtime-aws-request-id:' /tmp/headers | $BB cut -d: -f2 | $BB tr -d ' \\r')
  case "$BODY" in
    *'"mode":"net"'*) net "$BODY" > /tmp/out ;;
    *) printf '{"fnCanary":"%s","imageCanary":"%s","ldPreload":"%s"}' \\
         "$LAMBDA_CANARY" "$IMAGE_CANARY" "$LD_PRELOAD" > /tmp/out ;;
  esac
  $BB wget -q -O /dev/null --post-file /tmp/out "$API/invocation/$ID/response"
done
`;

/** A busybox image whose entrypoint is SHELL_BOOTSTRAP, with the given ENV. */
export function shellImage(env: string[]): TestImageSpec {
  return busyboxImage(SHELL_BOOTSTRAP, { applets: ["sh"], env });
}

/**
 * A shared library whose constructor writes `loaded-by-<pid>` (holding the process's exe) into
 * markerDir, or, where markerDir does not exist (inside a sandbox's private /tmp), writes
 * /tmp/lc-preloaded instead. A file in markerDir is host code execution by a function's variables.
 */
const PRELOAD_C = `#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

__attribute__((constructor)) static void lc_mark(void) {
  char exe[512];
  char path[1024];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n < 0) n = 0;
  exe[n] = '\\n';
  snprintf(path, sizeof path, "%s/loaded-by-%d", MARKER_DIR, (int)getpid());
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) fd = open("/tmp/lc-preloaded", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    if (write(fd, exe, (size_t)n + 1) < 0) {}
    close(fd);
  }
}
`;

const CC = ["/usr/bin/cc", "/usr/bin/gcc"].find((p) => fs.existsSync(p));

/** True when a C compiler is installed (the LD_PRELOAD attack needs one to build its library). */
export const hasCompiler = (): boolean => CC !== undefined;

/** Compiles the marker library into markerDir/preload.so; undefined when there is no C compiler. */
export function compilePreload(markerDir: string): Buffer | undefined {
  const cc = CC;
  if (!cc) return undefined;
  const src = path.join(markerDir, "preload.c");
  const out = path.join(markerDir, "preload.so");
  fs.writeFileSync(src, PRELOAD_C);
  execFileSync(cc, ["-shared", "-fPIC", "-O2", `-DMARKER_DIR="${markerDir}"`, "-o", out, src]);
  fs.rmSync(src);
  return fs.readFileSync(out);
}

/** What the library left in markerDir: one "loaded-by-<pid>: <exe>" per host process it ran in. */
export function preloadMarkers(markerDir: string): string[] {
  return fs
    .readdirSync(markerDir)
    .filter((f) => f.startsWith("loaded-by-"))
    .map((f) => `${f}: ${fs.readFileSync(path.join(markerDir, f), "utf8").trim()}`);
}
