"use client";

/** Errors in the root or console layout; renders its own document, never the error's text. */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2.5rem" }}>
        <title>Lambda Console</title>
        <h1>Lambda Console could not start this page</h1>
        <p>Something went wrong on the server. The server log has the details.</p>
        <button type="button" onClick={() => retry()}>
          Try again
        </button>
      </body>
    </html>
  );
}
