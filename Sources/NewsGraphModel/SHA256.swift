import CSHA256

/// SHA-256 (FIPS 180-4), for content hashes. Foundation on Linux has no digest API and
/// swift-crypto would cost a dependency for one function. On x86-64 CPUs with the SHA
/// extensions the compression runs in them (CSHA256; 4 % of extraction before), elsewhere in
/// Swift; both give the same digests (a test runs both).
public enum SHA256 {
    public enum Implementation: Sendable {
        /// The Swift compression function.
        case portable
        /// The CPU's SHA instructions (x86-64 with the SHA extensions only; `fastest` is this
        /// one where the CPU has them).
        case hardware

        /// `.hardware` where the CPU has it.
        public static let fastest: Implementation = newsgraph_sha256_has_hardware() == 1 ? .hardware : .portable
    }

    /// The round constants, from CSHA256 (one table for both implementations).
    nonisolated(unsafe) private static let k = UnsafeBufferPointer(start: newsgraph_sha256_round_constants(), count: 64)

    /// A digest fed in pieces: whole blocks are read where they lie, only a partial block
    /// is copied (an article's text is hashed without copying it).
    public struct Hasher {
        private var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
            (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
        /// The bytes of a block not yet complete.
        private var pending: [UInt8] = []
        private var length: UInt64 = 0
        private let implementation: Implementation

        public init(implementation: Implementation = .fastest) {
            // A clear stop rather than an illegal instruction (or, off x86, no hashing at all).
            precondition(implementation == .portable || Implementation.fastest == .hardware,
                         "SHA256.Implementation.hardware: this CPU has no SHA instructions; use .fastest")
            self.implementation = implementation
            pending.reserveCapacity(128)
        }

        private mutating func compress(_ blocks: UnsafeRawPointer, count: Int) {
            switch implementation {
            case .hardware:
                withUnsafeMutableBytes(of: &h) { state in
                    newsgraph_sha256_blocks(state.baseAddress!.assumingMemoryBound(to: UInt32.self),
                                            blocks.assumingMemoryBound(to: UInt8.self), count)
                }
            case .portable:
                for block in 0..<count { SHA256.compress(&h, blocks + 64 * block) }
            }
        }

        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            length &+= UInt64(bytes.count)
            var offset = 0
            if !pending.isEmpty {
                let take = min(64 - pending.count, bytes.count)
                pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
                offset = take
                guard pending.count == 64 else { return }
                let block = pending
                block.withUnsafeBytes { compress($0.baseAddress!, count: 1) }
                pending.removeAll(keepingCapacity: true)
            }
            let blocks = (bytes.count - offset) / 64
            if blocks > 0 {
                compress(base + offset, count: blocks)
                offset += 64 * blocks
            }
            if offset < bytes.count {
                pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset))
            }
        }

        public mutating func update(_ string: String) {
            var string = string
            string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
        }

        public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
            if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) == nil {
                Array(bytes).withUnsafeBytes { update($0) }
            }
        }

        /// The 32 bytes of the digest.
        public consuming func finalize() -> [UInt8] {
            let bitLength = length &* 8
            var tail = pending
            tail.append(0x80)
            while tail.count % 64 != 56 { tail.append(0) }
            for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
            tail.withUnsafeBytes { compress($0.baseAddress!, count: $0.count / 64) }
            var out = [UInt8]()
            out.reserveCapacity(32)
            for word in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] {
                for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
            }
            return out
        }
    }

    /// The digest of `bytes` as 32 bytes.
    public static func digest<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest as lower-case hex.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        hex(digest: digest(bytes))
    }

    /// The digest of a string's UTF-8, as lower-case hex.
    public static func hex(utf8 string: String) -> String {
        var hasher = Hasher()
        hasher.update(string)
        return hex(digest: hasher.finalize())
    }

    public static func hex(digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: digest.count * 2) { out in
            for (i, byte) in digest.enumerated() {
                out[2 * i] = digits[Int(byte >> 4)]
                out[2 * i + 1] = digits[Int(byte & 0xf)]
            }
            return digest.count * 2
        }
    }

    /// One 64-byte block into the state. The rounds are unrolled by eight so the working
    /// variables rename instead of moving (the tuple shuffle cost a third of the time).
    private static func compress(_ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32), _ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 {
                w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
            }
            for i in 16..<64 {
                let x = w[i - 15], y = w[i - 2]
                let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = state
            var i = 0
            while i < 64 {
                round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
                round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
                round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
                round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
                round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
                round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
                round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
                round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
                i += 8
            }
            state.0 &+= a; state.1 &+= b; state.2 &+= c; state.3 &+= d
            state.4 &+= e; state.5 &+= f; state.6 &+= g; state.7 &+= h
        }
    }

    @inline(__always) private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                                                _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ kw
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        d &+= t1
        h = t1 &+ t2
    }

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
