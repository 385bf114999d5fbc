import Foundation

/// Turns names into the `[a-z0-9-]` slugs used in IRIs and GraphML node ids.
public enum Slug {
    /// Letters that do not decompose into a base letter plus a mark.
    private static let foldings: [Character: String] = [
        "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae",
        "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d",
    ]
    public static let maxLength = 80

    /// `Fumio Kishida` → `fumio-kishida`; `Recep Tayyip Erdoğan` → `recep-tayyip-erdogan`.
    /// Names with no Latin letters or digits get `u` plus a hash, so every name has a slug.
    public static func make(_ name: String) -> String {
        if name.isAllASCII { return makeASCII(name) }
        var out = ""
        var pendingDash = false
        func emit(_ c: Character) {
            if pendingDash && !out.isEmpty { out.append("-") }
            pendingDash = false
            out.append(c)
        }
        let folded = name.decomposedStringWithCompatibilityMapping
        for ch in folded {
            if let f = foldings[ch] {
                for c in f { emit(c) }
                continue
            }
            var handled = false
            for scalar in ch.unicodeScalars {
                if scalar.isASCII {
                    let v = scalar.value
                    if (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7a) {
                        emit(Character(scalar)); handled = true
                    } else if v >= 0x41 && v <= 0x5a {
                        emit(Character(Unicode.Scalar(v + 32)!)); handled = true
                    } else if v == 0x27 { // apostrophe: "People's" → "peoples"
                        handled = true
                    }
                } else if scalar.properties.generalCategory == .nonspacingMark {
                    handled = true
                }
            }
            if !handled { pendingDash = true }
        }
        return finish(out, name)
    }

    /// The same rules on bytes, for the common all-ASCII name (no decomposition needed).
    static func makeASCII(_ name: String) -> String {
        // Written straight into the string's storage: a slug is never longer than the name.
        let out = name.withUTF8Bytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                var pendingDash = false
                for byte in bytes {
                    switch byte {
                    case 0x30...0x39, 0x61...0x7a, 0x41...0x5a:
                        if pendingDash && count > 0 { out[count] = UInt8(ascii: "-"); count += 1 }
                        pendingDash = false
                        out[count] = byte >= 0x41 && byte <= 0x5a ? byte + 32 : byte
                        count += 1
                    case 0x27: break
                    default: pendingDash = true
                    }
                }
                return count
            }
        }
        return finish(out, name)
    }

    private static func finish(_ out: String, _ name: String) -> String {
        if out.isEmpty {
            return "u" + String(SHA256.hex(utf8: name.precomposedStringWithCanonicalMapping.lowercased()).prefix(12))
        }
        // `out` is ASCII (digits, letters, dashes): its bytes are its characters.
        if out.utf8.count > maxLength {
            let hash = SHA256.hex(utf8: name).prefix(8)
            return String(out.prefix(maxLength - 9)) + "-" + hash
        }
        return out
    }
}

/// Mints the IRIs and GraphML node ids of a graph under a configurable base.
/// Every IRI is a function of content (names, hashes, offsets), never of input order.
public struct IRIMinter: Sendable, Equatable {
    public static let defaultBase = "https://newsgraph.example.org/id/"
    public let base: String
    /// `base` + `article/`, as bytes: the start of every article and sentence IRI, copied once
    /// instead of in two pieces from Strings.
    private let articleBase: [UInt8]
    private static let sentencePart = Array("/sentence/".utf8)

    public enum BaseError: Error, CustomStringConvertible {
        case invalid(String, reason: String)
        public var description: String {
            switch self {
            case let .invalid(base, reason):
                return "the base IRI '\(base)' is not usable: \(reason). Give an absolute IRI ending in '/' or '#', e.g. \(IRIMinter.defaultBase)"
            }
        }
    }

    public init(base: String = IRIMinter.defaultBase) throws {
        guard let colon = base.firstIndex(of: ":"), base[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }),
              base.first?.isLetter == true else {
            throw BaseError.invalid(base, reason: "it has no scheme")
        }
        guard base.hasSuffix("/") || base.hasSuffix("#") else {
            throw BaseError.invalid(base, reason: "it does not end in '/' or '#'")
        }
        if let bad = base.unicodeScalars.first(where: { $0.value <= 0x20 || "<>\"{}|\\^`".unicodeScalars.contains($0) }) {
            throw BaseError.invalid(base, reason: "it contains the character U+\(String(bad.value, radix: 16, uppercase: true)), which IRIs do not allow")
        }
        self.base = base
        articleBase = Array((base + "article/").utf8)
    }

    // Exports mint an IRI for every node and link: they are built on bytes (with string
    // interpolation and `+`, a sentence's IRI cost about 4,000 instructions), each layout
    // written once below, either into a String of its own or into a scratch buffer lent to a
    // visitor that reads IRIs as bytes (`LinkTargetNames.iriBytes`: a String per link, with
    // its allocation, UTF-8 check and free, cost more than minting it).
    public func entity(_ key: EntityKey) -> String { IRIBytes.string(capacity: entityCapacity(key)) { writeEntity(key, &$0) } }
    public func entity(_ key: EntityKey, into scratch: IRIScratch) -> LentBytes {
        scratch.write(capacity: entityCapacity(key)) { writeEntity(key, &$0) }
    }
    public func article(_ contentHash: String) -> String {
        IRIBytes.string(capacity: articleCapacity) { writeArticle({ $0.add(prefix: 16, of: contentHash) }, &$0) }
    }
    public func article(_ contentHash: String, into scratch: IRIScratch) -> LentBytes {
        scratch.write(capacity: articleCapacity) { writeArticle({ $0.add(prefix: 16, of: contentHash) }, &$0) }
    }
    public func article(_ hash: HashPrefix) -> String {
        IRIBytes.string(capacity: articleCapacity) { writeArticle({ $0.add(hash) }, &$0) }
    }
    public func article(_ hash: HashPrefix, into scratch: IRIScratch) -> LentBytes {
        scratch.write(capacity: articleCapacity) { writeArticle({ $0.add(hash) }, &$0) }
    }
    public func evidence(article contentHash: String, start: Int, end: Int) -> String {
        IRIBytes.string(capacity: evidenceCapacity) { writeEvidence({ $0.add(prefix: 16, of: contentHash) }, start, end, &$0) }
    }
    public func evidence(article contentHash: String, start: Int, end: Int, into scratch: IRIScratch) -> LentBytes {
        scratch.write(capacity: evidenceCapacity) { writeEvidence({ $0.add(prefix: 16, of: contentHash) }, start, end, &$0) }
    }
    public func evidence(article hash: HashPrefix, start: Int, end: Int) -> String {
        IRIBytes.string(capacity: evidenceCapacity) { writeEvidence({ $0.add(hash) }, start, end, &$0) }
    }
    public func evidence(article hash: HashPrefix, start: Int, end: Int, into scratch: IRIScratch) -> LentBytes {
        scratch.write(capacity: evidenceCapacity) { writeEvidence({ $0.add(hash) }, start, end, &$0) }
    }
    public func action(_ key: String) -> String { base + "action/" + key }
    public func action(_ key: String, into scratch: IRIScratch) -> LentBytes {
        scratch.write(capacity: base.utf8.count + 7 + key.utf8.count) { writeKeyed("action/", key, &$0) }
    }
    public func relation(_ key: String) -> String { base + "relation/" + key }
    public func relation(_ key: String, into scratch: IRIScratch) -> LentBytes {
        scratch.write(capacity: base.utf8.count + 9 + key.utf8.count) { writeKeyed("relation/", key, &$0) }
    }

    // The layouts. A hash is cut to its first 16 bytes.
    private func entityCapacity(_ key: EntityKey) -> Int { base.utf8.count + key.type.slug.utf8.count + 1 + key.slug.utf8.count }
    @inline(__always) private func writeEntity(_ key: EntityKey, _ out: inout IRIBytes) {
        out.add(base)
        out.add(key.type.slug)
        out.add(UInt8(ascii: "/"))
        out.add(key.slug)
    }
    private var articleCapacity: Int { articleBase.count + 16 }
    @inline(__always) private func writeArticle(_ hash: (inout IRIBytes) -> Void, _ out: inout IRIBytes) {
        out.add(articleBase)
        hash(&out)
    }
    private var evidenceCapacity: Int { articleBase.count + 16 + IRIMinter.sentencePart.count + 2 * IRIBytes.maxIntegerLength + 1 }
    @inline(__always) private func writeEvidence(_ hash: (inout IRIBytes) -> Void, _ start: Int, _ end: Int, _ out: inout IRIBytes) {
        writeArticle(hash, &out)
        out.add(IRIMinter.sentencePart)
        out.add(start)
        out.add(UInt8(ascii: "-"))
        out.add(end)
    }
    @inline(__always) private func writeKeyed(_ kind: String, _ key: String, _ out: inout IRIBytes) {
        out.add(base)
        out.add(kind)
        out.add(key)
    }

    // GraphML node ids (NMTOKENs).
    public static func nodeID(_ key: EntityKey) -> String { key.type.slug + "." + key.slug }
    /// The first 16 hex digits of a content hash (on UTF-8: `prefix` on a String walks graphemes).
    @inline(__always) static func short(_ contentHash: String) -> Substring { Substring(contentHash.utf8.prefix(16)) }

    public static func articleNodeID(_ contentHash: String) -> String { "article." + IRIMinter.short(contentHash) }
    public static func evidenceNodeID(article contentHash: String, start: Int, end: Int) -> String {
        sentenceName("evidence.", "", contentHash, ".", start, end)
    }
    public static func articleNodeID(_ hash: HashPrefix) -> String {
        IRIBytes.string(capacity: 8 + 16) { out in
            out.add("article.")
            out.add(hash)
        }
    }
    public static func evidenceNodeID(article hash: HashPrefix, start: Int, end: Int) -> String {
        sentenceName("evidence.", "", { $0.add(hash) }, ".", start, end)
    }

    /// `<lead><lead2><16 hex digits of the hash><separator><start>-<end>`: a sentence's IRI or node id.
    static func sentenceName(_ lead: String, _ lead2: String, _ contentHash: String, _ separator: String, _ start: Int, _ end: Int) -> String {
        sentenceName(lead, lead2, { $0.add(prefix: 16, of: contentHash) }, separator, start, end)
    }

    @inline(__always)
    static func sentenceName(_ lead: String, _ lead2: String, _ hash: (inout IRIBytes) -> Void, _ separator: String, _ start: Int, _ end: Int) -> String {
        let capacity = lead.utf8.count + lead2.utf8.count + 16 + separator.utf8.count + 2 * IRIBytes.maxIntegerLength + 1
        return IRIBytes.string(capacity: capacity) { out in
            out.add(lead)
            out.add(lead2)
            hash(&out)
            out.add(separator)
            out.add(start)
            out.add(UInt8(ascii: "-"))
            out.add(end)
        }
    }

    public static func actionNodeID(_ key: String) -> String { "action." + key }
    public static func relationNodeID(_ key: String) -> String { "relation." + key }

    /// A short, stable hash of the parts of an identity key.
    public static func hashKey(_ parts: [String]) -> String {
        String(Substring(SHA256.hex(utf8: parts.joined(separator: "\u{1F}")).utf8.prefix(16)))
    }
}

/// The first 16 bytes of an article's content hash, which all its IRIs and node ids use,
/// held inline: an export keeps one per article of the store, and a String apiece cost a heap
/// object each.
public struct HashPrefix: Sendable, Equatable {
    private let first: UInt64
    private let second: UInt64

    /// Nil when the hash is shorter than 16 bytes or they are not all ASCII (content hashes
    /// are 64 hex digits): `IRIMinter` cuts a hash at a character boundary.
    public init?(_ contentHash: String) {
        guard let words = contentHash.withUTF8Bytes({ bytes -> (UInt64, UInt64)? in
            guard bytes.count >= 16, let base = bytes.baseAddress, !bytes.prefix(16).contains(where: { $0 >= 0x80 }) else { return nil }
            let raw = UnsafeRawPointer(base)
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }) else { return nil }
        (first, second) = words
    }

    private init(first: UInt64, second: UInt64) {
        self.first = first
        self.second = second
    }

    /// A placeholder where there is no hash.
    public static let zero = HashPrefix(first: 0, second: 0)

    /// The prefix as the string `IRIMinter` would take from the hash.
    public var string: String { IRIBytes.string(capacity: 16) { $0.add(self) } }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeBytes(of: (first, second)) { body($0.bindMemory(to: UInt8.self)) }
    }
}

/// The bytes of a minted IRI or node id, appended piece by piece straight into the string's
/// storage (building an array and decoding it took a second allocation and a copy).
struct IRIBytes {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0

    /// The longest decimal `add(_: Int)` writes (`Int.min`).
    static let maxIntegerLength = 20

    /// The string `build` appends, which must fit in `capacity` bytes.
    static func string(capacity: Int, _ build: (inout IRIBytes) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var out = IRIBytes(buffer: buffer)
            build(&out)
            return out.count
        }
    }

    fileprivate init(buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    fileprivate var written: Int { count }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(count + bytes.count <= buffer.count, "IRIBytes capacity exceeded")
        guard let source = bytes.baseAddress else { return }
        (buffer.baseAddress! + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func add(_ text: String) {
        text.withUTF8Bytes { append($0) }
    }

    mutating func add(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    mutating func add(_ byte: UInt8) {
        precondition(count < buffer.count, "IRIBytes capacity exceeded")
        buffer[count] = byte
        count += 1
    }

    mutating func add(_ hash: HashPrefix) {
        hash.withBytes { append($0) }
    }

    mutating func add(prefix length: Int, of text: String) {
        text.withUTF8Bytes { append(UnsafeBufferPointer(rebasing: $0.prefix(length))) }
    }

    /// An integer in decimal.
    mutating func add(_ number: Int) {
        if number < 0 { add(UInt8(ascii: "-")) }
        precondition(count + 19 <= buffer.count, "IRIBytes capacity exceeded")
        count += DecimalDigits.write(UInt64(number.magnitude), into: UnsafeMutableBufferPointer(rebasing: buffer[count...]))
    }
}

/// The decimal digits of a number, written on bytes (`String(Int)` goes through generic
/// formatting): for IRIs and for the exports' literals.
public enum DecimalDigits {
    /// Writes `value`'s digits at the start of `out`, which has room for them (20 bytes hold
    /// any); returns how many.
    public static func write(_ value: UInt64, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes of room, written from the end
        return withUnsafeMutableBytes(of: &digits) { room in
            var rest = value
            var length = 0
            repeat {
                length += 1
                room[24 - length] = 0x30 + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            precondition(length <= out.count, "no room for the digits")
            for i in 0..<length { out[i] = room[24 - length + i] }
            return length
        }
    }
}

/// Room reused for IRIs lent to a visitor (`LinkTargetNames.iriBytes`): each call overwrites
/// what the one before lent.
public final class IRIScratch {
    private var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)

    public init() {}

    deinit { buffer.deallocate() }

    /// The bytes `build` appends, which must fit in `capacity`.
    fileprivate func write(capacity: Int, _ build: (inout IRIBytes) -> Void) -> LentBytes {
        if buffer.count < capacity {
            buffer.deallocate()
            buffer = .allocate(capacity: max(capacity, 2 * buffer.count))
        }
        var out = IRIBytes(buffer: buffer)
        build(&out)
        return LentBytes(UnsafeBufferPointer(rebasing: buffer[..<out.written]))
    }
}

/// Bytes lent for the duration of one call (a visitor's `link`): read them then, never keep them.
public struct LentBytes: @unchecked Sendable, Equatable {
    public let bytes: UnsafeBufferPointer<UInt8>

    public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The bytes as a String (invalid UTF-8 repaired, as minting a String repairs it).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public static func == (a: LentBytes, b: LentBytes) -> Bool { a.bytes.elementsEqual(b.bytes) }
}
