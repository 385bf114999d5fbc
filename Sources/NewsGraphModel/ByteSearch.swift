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
    public func hasSameBytes(as other: String) -> Bool { compareBytes(with: other) == 0 }

    /// Whether every byte of the UTF-8 is ASCII, tested on contiguous bytes (the generic
    /// `utf8` walk costs about ten instructions a byte).
    public var isAllASCII: Bool {
        var copy = self
        return copy.withUTF8 { ByteScan.firstNonASCII(in: $0, from: 0) == $0.count }
    }

    /// The order of the UTF-8 bytes (negative, zero, positive), as SQLite's BINARY collation
    /// sorts text; `<` orders by Unicode canonical equivalence.
    public func compareBytes(with other: String) -> Int {
        var a = self
        var b = other
        return a.withUTF8 { a in
            b.withUTF8 { b in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : Int(memcmp(a.baseAddress!, b.baseAddress!, common))
                return order != 0 ? order : a.count - b.count
            }
        }
    }
}

extension String {
    /// Whether the string ends with one of `suffixes`, each of lower-case ASCII letters (no
    /// other scalars are canonically equal to those), as `hasSuffix` says, decided on the
    /// bytes: the runtime's `hasSuffix` compares characters, about a hundred instructions a
    /// word. A non-ASCII byte just before a matching suffix (a scalar that might join its
    /// first letter into one character) takes the runtime's way.
    @inlinable
    public func hasASCIISuffix(oneOf suffixes: [[UInt8]]) -> Bool {
        assert(suffixes.allSatisfy { $0.allSatisfy { $0 >= 0x61 && $0 <= 0x7A } }, "suffixes of lower-case ASCII letters only")
        var copy = self
        let decided = copy.withUTF8 { bytes -> Bool? in
            for suffix in suffixes where bytes.count >= suffix.count {
                if suffix.isEmpty { return true }
                let start = bytes.count - suffix.count
                var same = true
                for k in 0..<suffix.count where bytes[start + k] != suffix[k] { same = false; break }
                if same { return start == 0 || bytes[start - 1] < 0x80 ? true : nil }
            }
            return false
        }
        return decided ?? suffixes.contains { hasSuffix(String(decoding: $0, as: UTF8.self)) }
    }

    /// Whether the UTF-8 bytes hold `byte` (memchr; the generic `utf8.contains` walked byte by byte).
    public func containsByte(_ byte: UInt8) -> Bool {
        var copy = self
        return copy.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// Whether the string has fewer than `limit` characters, counting at most `limit` of them
    /// (`count` walks the whole string).
    public func hasFewerCharacters(than limit: Int) -> Bool {
        if utf8.count < limit { return true }
        if limit <= 0 { return false }
        // Each of the first `limit` bytes that is ASCII but CR (the start of CR LF) starts a
        // character of its own: then there are at least `limit`.
        var copy = self
        let asciiPrefix = copy.withUTF8 { bytes in !bytes[..<limit].contains { $0 >= 0x80 || $0 == 0x0D } }
        if asciiPrefix { return false }
        return index(startIndex, offsetBy: limit, limitedBy: endIndex) == nil
    }

    /// `lowercased()` (each scalar's lowercase mapping) on bytes: ASCII letters are lowered in
    /// place and other scalars are mapped only when their properties say they change. The
    /// standard library builds a string per scalar of non-ASCII text, and the tokenizer and the
    /// boilerplate rules lower every paragraph and capitalized word.
    public func lowercasedFast() -> String {
        var copy = self
        return copy.withUTF8 { bytes -> String in
            if let ascii = String.lowercasedASCII(bytes) { return ascii ?? self }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 8)
            // Bytes that stay as they are are copied in runs; only upper-case ASCII letters and
            // scalars that change are written one by one.
            var run = 0
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    if byte &- 0x41 < 26 {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                        out.append(byte | 0x20)
                        run = i + 1
                    }
                    i += 1
                    continue
                }
                let (value, length) = UTF8Scalar.decode(bytes, at: i)
                if !String.hasNoCase(value), let scalar = Unicode.Scalar(value), scalar.properties.changesWhenLowercased {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                    out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
                    run = i + length
                }
                i += length
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Scalars in blocks without upper-case or title-case letters, where looking up the
    /// scalar's properties (the slow part) can be skipped: Latin-1 punctuation, the Latin-1 and
    /// Cyrillic lower-case letters, general punctuation, currency signs, CJK. A test holds
    /// every one of them to `changesWhenLowercased == false`.
    @inline(__always) static func hasNoCase(_ value: UInt32) -> Bool {
        (value >= 0x80 && value < 0xC0) || (value >= 0xDF && value < 0x100) || (value >= 0x430 && value < 0x460)
            || (value >= 0x2000 && value < 0x2100) || (value >= 0x3000 && value < 0xA000)
    }

    /// The lower case of ASCII text: `.some(nil)` when it has no upper-case letter (the text is
    /// its own lower case), `nil` when it is not all ASCII.
    @inlinable
    public static func lowercasedASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String?? {
        guard let base = bytes.baseAddress else { return .some(nil) }
        let count = bytes.count
        // Eight bytes at a time (paragraphs are lowered whole): a word of ASCII bytes has no
        // high bit, and `upperCaseBits` marks its letters A-Z.
        var upper = false
        var i = 0
        while i + 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { return nil }
            if upperCaseBits(word) != 0 { upper = true }
            i += 8
        }
        while i < count {
            let byte = base[i]
            if byte >= 0x80 { return nil }
            if byte &- 0x41 < 26 { upper = true }
            i += 1
        }
        if !upper { return .some(nil) }
        return String(unsafeUninitializedCapacity: count) { out in
            let target = UnsafeMutableRawPointer(out.baseAddress!)
            var i = 0
            while i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                target.storeBytes(of: word | upperCaseBits(word) >> 2, toByteOffset: i, as: UInt64.self)
                i += 8
            }
            while i < count {
                let byte = base[i]
                out[i] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                i += 1
            }
            return count
        }
    }

    /// 0x80 in each byte of an ASCII word that is an upper-case letter (0x41-0x5A): adding 0x3F
    /// sets the high bit from 0x41 up, adding 0x25 from 0x5B up (no carry: every byte < 0x80).
    @inlinable @inline(__always)
    public static func upperCaseBits(_ word: UInt64) -> UInt64 {
        (word &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(word &+ 0x2525_2525_2525_2525) & 0x8080_8080_8080_8080
    }
}

/// The scalar at a byte offset of valid UTF-8 (a String's), decoded by hand: the rules that
/// walk text as bytes decode only the rare non-ASCII scalar.
public enum UTF8Scalar {
    /// The scalar value starting at byte `b` and its length in bytes.
    @inlinable @inline(__always)
    public static func decode(_ u: UnsafeBufferPointer<UInt8>, at b: Int) -> (value: UInt32, length: Int) {
        let lead = UInt32(u[b])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(u[b + 1] & 0x3F), 2) }
        if lead < 0xF0 { return ((lead & 0x0F) << 12 | UInt32(u[b + 1] & 0x3F) << 6 | UInt32(u[b + 2] & 0x3F), 3) }
        return ((lead & 0x07) << 18 | UInt32(u[b + 1] & 0x3F) << 12 | UInt32(u[b + 2] & 0x3F) << 6 | UInt32(u[b + 3] & 0x3F), 4)
    }
}

/// Byte tests eight bytes at a time (SWAR), for the exporters' escape checks: every literal
/// and IRI of an export is scanned for bytes that need escaping, and almost none has one.
public enum ByteScan {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The offset of the first byte from `start` on that is not ASCII, or `bytes.count`: eight
    /// bytes at a time (text is nearly all ASCII).
    @inlinable
    public static func firstNonASCII(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var i = start
        while i + 8 <= bytes.count && UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        while i < bytes.count && base[i] < 0x80 { i += 1 }
        return i
    }

    /// Whether any lane of a comparison's result is set: its lanes as two words (the generic
    /// `any` reduces lane by lane).
    @inlinable @inline(__always)
    public static func anyLane(_ mask: SIMDMask<SIMD16<Int8>>) -> Bool {
        let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        return words[0] | words[1] != 0
    }

    /// Whether any byte is below 0x20 (a C0 control) or equals `a`, `b`, `c` or `d`, or, with
    /// `orDeleteAndAbove`, is 0x7F (DEL) or above (not ASCII).
    @inlinable
    public static func hasControl(or a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, orDeleteAndAbove: Bool,
                                  in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // The fifth value repeats the fourth: the same test twice, which the compiler merges.
        hasControl(or: a, b, c, d, d, orDeleteAndAbove: orDeleteAndAbove, in: bytes)
    }

    /// Whether any byte is below 0x20 (a C0 control) or equals `a`, `b`, `c`, `d` or `e`, or,
    /// with `orDeleteAndAbove`, is 0x7F (DEL) or above (not ASCII).
    @inlinable
    public static func hasControl(or a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ e: UInt8, orDeleteAndAbove: Bool,
                                  in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        if count >= 16 {
            // Sixteen bytes a test (a third of the instructions of eight-byte words), the last
            // block overlapping the one before. A byte minus 0x20 wraps above 0xDF below 0x20,
            // and lands above 0x5E at 0x7F and above.
            let va = SIMD16<UInt8>(repeating: a), vb = SIMD16<UInt8>(repeating: b), vc = SIMD16<UInt8>(repeating: c)
            let vd = SIMD16<UInt8>(repeating: d), ve = SIMD16<UInt8>(repeating: e)
            let space = SIMD16<UInt8>(repeating: 0x20), limit = SIMD16<UInt8>(repeating: orDeleteAndAbove ? 0x5E : 0xDF)
            var i = 0
            while true {
                let v = raw.loadUnaligned(fromByteOffset: min(i, count - 16), as: SIMD16<UInt8>.self)
                if anyLane((v &- space) .> limit .| (v .== va) .| (v .== vb) .| (v .== vc) .| (v .== vd) .| (v .== ve)) { return true }
                i += 16
                if i >= count { return false }
            }
        }
        let controls = 0x20 &* ones
        let aa = UInt64(a) &* ones
        let bb = UInt64(b) &* ones
        let cc = UInt64(c) &* ones
        let dd = UInt64(d) &* ones
        let ee = UInt64(e) &* ones
        // A byte of 0x7F or above has its high bit set in `word` or in `word + ones` (a carry
        // out of a byte of 0xFF only ever follows such a byte).
        let high: UInt64 = orDeleteAndAbove ? highs : 0
        var i = 0
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let w = word ^ aa
            let x = word ^ bb
            let y = word ^ cc
            let z = word ^ dd
            let v = word ^ ee
            var found = ((word &- controls) & ~word) | ((w &- ones) & ~w) | ((x &- ones) & ~x) | ((y &- ones) & ~y) | ((z &- ones) & ~z)
                | ((v &- ones) & ~v)
            found |= (word | (word &+ ones)) & high
            if found & highs != 0 { return true }
            i += 8
        }
        while i < count {
            let byte = base[i]
            if byte < 0x20 || byte == a || byte == b || byte == c || byte == d || byte == e || (orDeleteAndAbove && byte >= 0x7F) { return true }
            i += 1
        }
        return false
    }

    /// Whether any byte is below 0x20 (a C0 control) or equals `a`, `b` or `c`.
    @inlinable
    public static func hasControl(or a: UInt8, _ b: UInt8, _ c: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        hasControl(or: a, b, c, c, orDeleteAndAbove: false, in: bytes)
    }
}

/// A fixed list of phrases, and which of them occur in a text, found in one pass over its
/// bytes: a search per phrase cost a pass per phrase, and every paragraph of every article is
/// tested against the boilerplate phrases.
public struct PhraseSet: Sendable {
    public let phrases: [String]
    private let bytes: [[UInt8]]
    /// One bit per pair of bytes that starts a phrase (65,536 bits).
    private let startPairs: [UInt64]
    /// The phrases by their first byte, each list in phrase order.
    private let byFirstByte: [[Int32]]
    /// Whether a phrase is shorter than two bytes (the pair test cannot see it).
    private let hasShortPhrase: Bool

    public init(_ phrases: [String]) {
        self.phrases = phrases
        bytes = phrases.map { Array($0.utf8) }
        var pairs = [UInt64](repeating: 0, count: 1024)
        var buckets = [[Int32]](repeating: [], count: 256)
        for (index, phrase) in bytes.enumerated() where phrase.count >= 2 {
            let pair = Int(phrase[0]) << 8 | Int(phrase[1])
            pairs[pair >> 6] |= 1 << UInt64(pair & 63)
            buckets[Int(phrase[0])].append(Int32(index))
        }
        startPairs = pairs
        byFirstByte = buckets
        hasShortPhrase = bytes.contains { $0.count < 2 }
    }

    /// The index of the first phrase (in list order) that occurs in `text`, as
    /// `phrases.firstIndex { text.containsBytes($0) }` would find it.
    public func firstContained(in text: String) -> Int? {
        if hasShortPhrase { return phrases.firstIndex { text.containsBytes($0) } }
        var copy = text
        return copy.withUTF8 { text -> Int? in
            guard text.count >= 2 else { return nil }
            var best = Int.max
            startPairs.withUnsafeBufferPointer { pairs in
                for i in 0..<(text.count - 1) {
                    let pair = Int(text[i]) << 8 | Int(text[i + 1])
                    guard pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                    for index in byFirstByte[Int(text[i])] {
                        let index = Int(index)
                        if index >= best { break }
                        let phrase = bytes[index]
                        if phrase.count <= text.count - i && phrase.withUnsafeBufferPointer({ phrase in
                            memcmp(text.baseAddress! + i, phrase.baseAddress!, phrase.count) == 0
                        }) {
                            best = index
                            break
                        }
                    }
                    if best == 0 { break }
                }
            }
            return best == Int.max ? nil : best
        }
    }
}

extension String {
    /// The string's UTF-8 bytes, borrowed in place where it holds them contiguously (every
    /// native string, small ones on the stack), else from a copy: `withUTF8` is mutating, and
    /// the copy it needs cost a retain and a release a call in the export's hot paths.
    @inlinable @inline(__always)
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
