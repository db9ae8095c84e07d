"use client";

import { useState } from "react";

interface SourceFile {
  path: string;
  content: string;
  executable: boolean;
}

/** The blueprint's files, one tab each (the handler's file first, as the catalog lists them). */
export function CodePreview({ files }: { files: SourceFile[] }) {
  const [selected, setSelected] = useState(0);
  const file = files[selected] ?? files[0];
  return (
    <section
      id="code"
      aria-labelledby="code-heading"
      className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="code-heading" className="px-4 pt-4 font-medium">
        Code
      </h2>
      <div
        role="tablist"
        aria-label="Files"
        className="flex flex-wrap gap-1 border-b border-zinc-200 px-3 pt-2 dark:border-zinc-800"
      >
        {files.map((f, i) => (
          <button
            key={f.path}
            type="button"
            role="tab"
            aria-selected={i === selected}
            onClick={() => setSelected(i)}
            className={`rounded-t px-2 py-1 font-mono text-xs ${i === selected ? "bg-zinc-100 font-semibold dark:bg-zinc-800" : "text-zinc-600 dark:text-zinc-400"}`}
          >
            {f.path}
            {f.executable ? " (755)" : ""}
          </button>
        ))}
      </div>
      {file ? (
        <pre
          role="tabpanel"
          aria-label={file.path}
          className="max-h-[28rem] overflow-auto p-4 text-xs leading-relaxed"
        >
          <code>{file.content}</code>
        </pre>
      ) : null}
    </section>
  );
}
