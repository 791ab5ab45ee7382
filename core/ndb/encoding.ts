import { substitute } from './substitute.js';

/**
 * Block data encodings selected by the header's bCryptMethod [MS-PST §5.1, §5.2]. Only external
 * data blocks are encoded; pages, the header and internal blocks never are.
 */

export type Encoding = 'none' | 'permute' | 'cyclic';

export const CRYPT_METHOD: Readonly<Record<Encoding, number>> = { none: 0x00, permute: 0x01, cyclic: 0x02 };

export function encodingFromCryptMethod(b: number): Encoding | undefined {
  switch (b) {
    case 0x00:
      return 'none';
    case 0x01:
      return 'permute';
    case 0x02:
      return 'cyclic';
    default:
      return undefined;
  }
}

function hexTable(hex: string): Uint8Array {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) t[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return t;
}

/** mpbbCrypt, first 256 bytes ("R"): the permute encode table, and the first cyclic rotor. */
const R = hexTable(
  '41361362a8216ebbf416cc047f64e85d1ef2cb2a74c55e35d295479e962d9a88' +
    '4c7d843fdbac31b6485ff6c4d8398be7233b388ec8c1df25b120a546604e9cfb' +
    'aad35651457c550007c92b9d859b09a08fadb30f63ab894bd7a7155a716642bf' +
    '264a6b98faea7753b270052cfd593a867ece06eb827857c78d43afb41cd45bcd' +
    'e2e9274fc3087280cfb0eff5286dbe304d3492d50e3c2232e5e4f99fc2d10a81' +
    '12e1ee918376e397e6618a1779a4b7dc907a5c8c02a6ca69de501a1193b95287' +
    '58fced1d37491b6ae0293399bd6cd994f340546ff0c673b8d63e6518441fdd67' +
    '10f10c19ecae03a1147ba90bfff8a3c0a201f72ebc2468750dfeba2fb5d0da3d',
);

/** mpbbCrypt, second 256 bytes ("S"): the middle cyclic rotor. */
const S = hexTable(
  '14530f56b3c87a9ceb65481716159f02cc547c83000d0c0ba262a876dbd9edc7' +
    'c5a4dcac8574d6d0a79bae9a967166c36399b8dd73928e847da55ed15d93b157' +
    '5150808952944f4e0a6bbc8d7f6e47464140440111cb033ff7f4e1a98f3c3af9' +
    'fbf0193082092ec99da08649ee6f4d6dc42d813425871b88aafc06a11238fd4c' +
    '4272641337246a757743ffe6b44b365ce4d8353d45b92cecb7312b290768a30e' +
    '697b189e2139be281a5b78f523ca2ab0af3efe048ce7e5983295d3f64ae8a6ea' +
    'e9f3d52f7020f21f0567ad5510cecde3273bdabad7c226d4911dd21c2233f8fa' +
    'f15aefcf90b68bb5bdc0bf08971e6ce261e0c6c159abbb58de5fdf60797eb28a',
);

/** mpbbCrypt, third 256 bytes ("I"): the inverse permutation of R, so it need not be stored. */
const I = new Uint8Array(256);
for (let i = 0; i < 256; i++) I[R[i]!] = i;

/** Cyclic ("high") encoding is its own inverse; the key is the low 32 bits of the block's BID. */
function cyclic(from: Uint8Array, to: Uint8Array, bid: number): void {
  const key = bid >>> 0;
  let w = (key ^ (key >>> 16)) & 0xffff;
  for (let i = 0; i < from.length; i++) {
    const lo = w & 0xff;
    const hi = (w >>> 8) & 0xff;
    let b = (from[i]! + lo) & 0xff;
    b = R[b]!;
    b = (b + hi) & 0xff;
    b = S[b]!;
    b = (b - hi) & 0xff;
    b = I[b]!;
    b = (b - lo) & 0xff;
    to[i] = b;
    w = (w + 1) & 0xffff;
  }
}

/** Decodes an external block's data from `from` into `to` (which may be `from` itself, or as long). */
export function decodeBlock(from: Uint8Array, to: Uint8Array, encoding: Encoding, bid: number): void {
  if (encoding === 'permute') substitute(from, to, I);
  else if (encoding === 'cyclic') cyclic(from, to, bid);
  else if (to !== from) to.set(from);
}

/** Encodes an external block's data from `from` into `to` (which may be `from` itself, or as long). */
export function encodeBlock(from: Uint8Array, to: Uint8Array, encoding: Encoding, bid: number): void {
  if (encoding === 'permute') substitute(from, to, R);
  else if (encoding === 'cyclic') cyclic(from, to, bid);
  else if (to !== from) to.set(from);
}
