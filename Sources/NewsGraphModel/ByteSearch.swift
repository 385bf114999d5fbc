#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Byte-wise substring test on UTF-8 (memchr and memcmp). Foundation's `contains` goes
    /// through CFString and dominated ingest profiles; the lexicon phrases are plain UTF-8.
    public func containsBytes(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard h.count >= n.count, let hBase = h.baseAddress, let nBase = n.baseAddress else { return false }
                let first = Int32(n[0])
                var offset = 0
                let last = h.count - n.count
                while offset <= last {
                    guard let found = memchr(hBase + offset, first, last - offset + 1) else { return false }
                    let position = hBase.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hBase + position, nBase, n.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }

    /// Byte-wise equality of the UTF-8, as SQLite compares text (`==` compares canonical
    /// equivalence, and the generic `utf8.elementsEqual` walk cost ~70 instructions a byte).
    public func hasSameBytes(as other: String) -> Bool {
        var a = self
        var b = other
        return a.withUTF8 { a in
            b.withUTF8 { b in
                a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        }
    }
}

extension String {
    /// `lowercased()` (each scalar's lowercase mapping) on bytes: ASCII letters are lowered in
    /// place and other scalars are mapped only when their properties say they change. The
    /// standard library builds a string per scalar of non-ASCII text, and the tokenizer and the
    /// boilerplate rules lower every paragraph and capitalized word.
    public func lowercasedFast() -> String {
        var copy = self
        return copy.withUTF8 { bytes -> String in
            if let ascii = String.lowercasedASCII(bytes) { return ascii ?? self }
            var i = 0
            while bytes[i] < 0x80 && !(bytes[i] >= 0x41 && bytes[i] <= 0x5A) { i += 1 }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 8)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<i]))
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                    i += 1
                    continue
                }
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                let end = min(i + length, bytes.count)
                let scalarBytes = UnsafeBufferPointer(rebasing: bytes[i..<end])
                var decoded = String(decoding: scalarBytes, as: UTF8.self).unicodeScalars.makeIterator()
                if let scalar = decoded.next(), scalar.properties.changesWhenLowercased {
                    out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
                } else {
                    out.append(contentsOf: scalarBytes)
                }
                i = end
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The lower case of ASCII text: `.some(nil)` when it has no upper-case letter (the text is
    /// its own lower case), `nil` when it is not all ASCII.
    @inlinable
    public static func lowercasedASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String?? {
        var upper = false
        for byte in bytes {
            if byte >= 0x80 { return nil }
            if byte >= 0x41 && byte <= 0x5A { upper = true }
        }
        if !upper { return .some(nil) }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            for (i, byte) in bytes.enumerated() { out[i] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
            return bytes.count
        }
    }
}

/// Byte tests eight bytes at a time (SWAR), for the exporters' escape checks: every literal
/// and IRI of an export is scanned for bytes that need escaping, and almost none has one.
public enum ByteScan {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether any byte is below 0x20 (a C0 control) or equals `a`, `b` or `c`.
    @inlinable
    public static func hasControl(or a: UInt8, _ b: UInt8, _ c: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let controls = 0x20 &* ones
        let aa = UInt64(a) &* ones
        let bb = UInt64(b) &* ones
        let cc = UInt64(c) &* ones
        var i = 0
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // (v - n·ones) & ~v & highs is non-zero exactly when some byte of v is below n
            // (n ≤ 0x80); a byte equal to a is a zero byte of word ^ a·ones.
            let x = word ^ aa
            let y = word ^ bb
            let z = word ^ cc
            let found = ((word &- controls) & ~word) | ((x &- ones) & ~x) | ((y &- ones) & ~y) | ((z &- ones) & ~z)
            if found & highs != 0 { return true }
            i += 8
        }
        while i < count {
            let byte = base[i]
            if byte < 0x20 || byte == a || byte == b || byte == c { return true }
            i += 1
        }
        return false
    }
}
