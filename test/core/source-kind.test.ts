// One reading of what a string names, Windows paths included (a drive letter is not a URL scheme).
import { describe, expect, it } from "vitest";
import { sourceKind } from "../../src/core/source-kind.js";

describe("sourceKind", () => {
  it.each([
    ["C:\\models\\sae.pth", "path"],
    ["C:/x", "path"],
    ["c:relative.pth", "path"],
    ["\\\\server\\share\\sae.pth", "path"],
    ["/home/me/sae.pth", "path"],
    ["models/sae.safetensors", "path"],
    ["./index", "path"],
    ["file:///x", "file-url"],
    ["FILE:///C:/models/sae.pth", "file-url"],
    ["https://example.com/sae.pth", "url"],
    ["http://localhost:8080/x.npy", "url"],
    ["data:application/octet-stream;base64,AAAA", "url"],
    ["blob:https://example.com/1234", "url"],
    ["hf://a/b/c", "hf"],
    ["HF://datasets/a/b/c.parquet", "hf"],
    ["postgres://user:secret@host:5432/db", "postgres"],
    ["postgresql://host/db", "postgres"],
    ["memory://", "memory"],
    ["memory://other", "other-url"],
    ["idb://notes", "idb"],
    ["opfs-ahp://notes", "opfs"],
    ["s3://bucket/sae.pth", "other-url"],
  ] as const)("%s is a %s", (s, kind) => {
    expect(sourceKind(s)).toBe(kind);
  });
});
