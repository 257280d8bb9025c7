/** Adler-32 (RFC 1950 §9), the checksum Drive's upload APIs take as a decimal string. */
const MOD = 65521;
/** The largest run of bytes whose sums cannot pass 2^53 before reducing (zlib uses 5552 for 32-bit). */
const RUN = 1 << 20;

export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let start = 0; start < bytes.length; start += RUN) {
    const end = Math.min(start + RUN, bytes.length);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}
