/**
 * Byte substitution through a 256-entry table (the permute encoding's one operation) in WebAssembly
 * SIMD. Every byte of a permute-encoded mailbox goes through it on the way in, and every byte of a
 * written PST on the way out and again when it is verified. A JavaScript loop ran at about 1 GB/s
 * once optimised and far slower before, which is all of a small file's run; this runs at full speed
 * from the first call.
 *
 * How: the table is held as sixteen 16-byte slices. i8x16.swizzle looks up 16 bytes at once in one
 * slice and yields 0 for any index of 16 or more, so OR-ing the lookups of (byte - 16k) in slice k
 * over k = 0..15 gives table[byte] for every lane, since exactly one k puts it in range.
 *
 * The module is assembled here from its opcodes (WebAssembly core spec, binary format §5, SIMD
 * opcodes §5.4.8) rather than shipped as an opaque blob.
 */

/** Where the tables and the data live in the module's memory (two 64 KiB pages). */
const TABLES_AT = 0;
const DATA_AT = 1024;
const CHUNK = 65536;
const MEMORY_PAGES = 2;

// Opcodes used below.
const I32 = 0x7f;
const V128 = 0x7b;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_AND = 0x71;
const I32_GE_U = 0x4f;
const I32_LOAD8_U = 0x2d;
const I32_STORE8 = 0x3a;
const BLOCK = 0x02;
const LOOP = 0x03;
const EMPTY = 0x40;
const BR = 0x0c;
const BR_IF = 0x0d;
const END = 0x0b;
const SIMD = 0xfd;
const V128_LOAD = 0x00;
const V128_STORE = 0x0b;
const V128_CONST = 0x0c;
const I8X16_SWIZZLE = 0x0e;
const V128_OR = 0x50;
const I8X16_SUB = 0x71;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/** The body of `substitute(table: i32, n: i32)`: maps the n bytes at DATA_AT through the table at `table`, in place. */
function substituteBody(): number[] {
  // Locals: 0 table, 1 n (parameters); 2 p, 3 end; 4 w, 5 r; 6..21 the table's slices.
  const [TABLE, N, P, END_AT, W, R] = [0, 1, 2, 3, 4, 5];
  const slice = (k: number) => 6 + k;
  const get = (i: number) => [LOCAL_GET, i];
  const set = (i: number) => [LOCAL_SET, i];
  const code: number[] = [];
  for (let k = 0; k < 16; k++) code.push(...get(TABLE), SIMD, V128_LOAD, 0, ...uleb(k * 16), ...set(slice(k)));
  code.push(I32_CONST, ...sleb(DATA_AT), ...set(P));
  // end = DATA_AT + (n & ~15): whole vectors first.
  code.push(I32_CONST, ...sleb(DATA_AT), ...get(N), I32_CONST, ...sleb(-16), I32_AND, I32_ADD, ...set(END_AT));
  code.push(BLOCK, EMPTY, LOOP, EMPTY);
  code.push(...get(P), ...get(END_AT), I32_GE_U, BR_IF, 1);
  code.push(...get(P), SIMD, V128_LOAD, 0, 0, ...set(W));
  code.push(...get(slice(0)), ...get(W), SIMD, I8X16_SWIZZLE, ...set(R));
  for (let k = 1; k < 16; k++) {
    code.push(...get(W), SIMD, V128_CONST, ...new Array<number>(16).fill(16), SIMD, I8X16_SUB, ...set(W));
    code.push(...get(R), ...get(slice(k)), ...get(W), SIMD, I8X16_SWIZZLE, SIMD, V128_OR, ...set(R));
  }
  code.push(...get(P), ...get(R), SIMD, V128_STORE, 0, 0);
  code.push(...get(P), I32_CONST, ...sleb(16), I32_ADD, ...set(P), BR, 0, END, END);
  // The last n % 16 bytes one at a time.
  code.push(I32_CONST, ...sleb(DATA_AT), ...get(N), I32_ADD, ...set(END_AT));
  code.push(BLOCK, EMPTY, LOOP, EMPTY);
  code.push(...get(P), ...get(END_AT), I32_GE_U, BR_IF, 1);
  code.push(...get(P), ...get(TABLE), ...get(P), I32_LOAD8_U, 0, 0, I32_ADD, I32_LOAD8_U, 0, 0, I32_STORE8, 0, 0);
  code.push(...get(P), I32_CONST, ...sleb(1), I32_ADD, ...set(P), BR, 0, END, END);
  code.push(END);
  const locals = vec([[...uleb(2), I32], [...uleb(18), V128]]);
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

function assemble(): Uint8Array {
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec([[I32], [I32]]), ...vec([])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...uleb(MEMORY_PAGES)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('substitute'), 0x00, 0]])),
    ...section(10, vec([substituteBody()])),
  ]);
}

// The core compiles without the DOM library, which is where TypeScript declares WebAssembly; these
// are the few parts of it used here, as Node provides them.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

interface Exports {
  memory: { buffer: ArrayBuffer };
  substitute: (table: number, n: number) => void;
}

const { memory, substitute: run } = new WebAssembly.Instance(new WebAssembly.Module(assemble())).exports as Exports;
const heap = new Uint8Array(memory.buffer);
/** Tables already copied into the module's memory, by their offset there. */
const placed = new Map<Uint8Array, number>();

/** Writes `table[b]` for every byte b of `from` into `to` (the same array, or one as long). */
export function substitute(from: Uint8Array, to: Uint8Array, table: Uint8Array): void {
  let at = placed.get(table);
  if (at === undefined) {
    at = TABLES_AT + placed.size * 256;
    if (at + 256 > DATA_AT) throw new Error('substitute: more tables than the module has room for');
    heap.set(table, at);
    placed.set(table, at);
  }
  for (let i = 0; i < from.length; i += CHUNK) {
    const n = Math.min(CHUNK, from.length - i);
    heap.set(from.subarray(i, i + n), DATA_AT);
    run(at, n);
    to.set(heap.subarray(DATA_AT, DATA_AT + n), i);
  }
}
