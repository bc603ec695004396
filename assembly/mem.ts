// Linear-memory allocation for the TS side: buffers are 16-byte aligned so v128 loads never straddle.
// see: https://www.assemblyscript.org/runtime.html#memory-layout

/** Allocates `bytes` bytes (16-byte aligned) and returns the pointer. */
export function mem_alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Frees a pointer returned by mem_alloc. */
export function mem_free(ptr: usize): void {
  heap.free(ptr);
}
