"use client";

import { useEffect, useRef } from "react";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { json } from "@codemirror/lang-json";

function languageFor(path: string): Extension[] {
  if (/\.(m|c)?(j|t)sx?$/.test(path)) return [javascript({ typescript: /\.tsx?$/.test(path) })];
  if (path.endsWith(".py")) return [python()];
  if (path.endsWith(".json")) return [json()];
  return [];
}

/**
 * One CodeMirror 6 editor. `path` picks the language; a new path (or key) starts a new document,
 * so switching files does not mix their undo histories.
 */
export function CodeEditor({
  path,
  value,
  onChange,
  readOnly = false,
  label,
}: {
  path: string;
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          ...languageFor(path),
          EditorState.readOnly.of(readOnly),
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current?.(u.state.doc.toString());
          }),
          EditorView.theme({
            "&": { height: "100%", fontSize: "13px" },
            ".cm-scroller": { overflow: "auto" },
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The document is owned by the editor after creation; value seeds it per path.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, readOnly]);

  return <div ref={host} data-testid="code-editor" data-path={path} className="h-full min-h-96" />;
}
