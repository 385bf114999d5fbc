import Foundation
import NewsGraphModel

/// Normalizes article text for analysis and keeps a map back to the original.
///
/// NFC; curly quotes to straight; en dashes between words to hyphens and other dashes to an
/// em dash; ellipsis to three dots; any horizontal space to one space; line breaks kept (at
/// most one blank line); invisible and control characters dropped.
public enum Normalizer {
    public struct Result {
        public var text: [UInt8]
        /// For each byte of `text` and one past the end: the code-point offset in the original.
        public var offsetMap: [Int32]
    }

    /// Whether `text` holds nothing `normalize` would keep: only white space, control
    /// characters and invisible marks. Stops at the first visible character.
    public static func isBlank(_ text: String) -> Bool {
        for c in text.unicodeScalars {
            switch c.value {
            case 0..<0x21, 0x7F...0xA0, 0x00AD, 0x1680, 0x2000...0x200B, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202F,
                 0x205F, 0x2060, 0x2066...0x2069, 0x3000, 0xFEFF:
                continue
            default:
                return false
            }
        }
        return true
    }

    /// The text being built and its offset map. A struct with mutating methods, not closures
    /// over local arrays: captured arrays pay a run-time exclusivity check on every append.
    private struct Output {
        var text: [UInt8] = []
        var map: [Int32] = []

        @inline(__always) mutating func emit(_ byte: UInt8, _ at: Int) {
            text.append(byte)
            map.append(Int32(at))
        }

        mutating func emitScalars<S: Sequence>(_ s: S, _ at: Int) where S.Element == Unicode.Scalar {
            for scalar in s {
                for byte in UTF8.encode(scalar)! { emit(byte, at) }
            }
        }

        /// ASCII bytes, one scalar each, the first at offset `at`.
        mutating func emitASCII(_ bytes: UnsafeBufferPointer<UInt8>, from at: Int) {
            text.append(contentsOf: bytes)
            // Grown with zeros, then numbered in place (appending a range went element by element).
            let first = map.count
            map.append(contentsOf: repeatElement(0, count: bytes.count))
            map.withUnsafeMutableBufferPointer { map in
                for k in 0..<bytes.count { map[first + k] = Int32(at + k) }
            }
        }

        var lastIsSpace: Bool { text.last == 0x20 }

        /// Whether a space would be kept here: not at the start, not after a space or a line break.
        var keepsSpace: Bool { text.last.map { $0 != 0x20 && $0 != 0x0A } ?? false }

        mutating func trimTrailingSpace() {
            while text.last == 0x20 { text.removeLast(); map.removeLast() }
        }
    }

    public static func normalize(_ original: String) -> Result {
        var copy = original
        return copy.withUTF8(normalize(utf8:))
    }

    /// Works on the UTF-8 bytes: printable ASCII (nearly all text) is copied byte by byte and
    /// only the other scalars are decoded. `i` counts scalars, for the offset map.
    private static func normalize(utf8 u: UnsafeBufferPointer<UInt8>) -> Result {
        var out = Output()
        out.text.reserveCapacity(u.count)
        out.map.reserveCapacity(u.count + 1)
        let n = u.count
        var b = 0
        var i = 0

        while b < n {
            let byte = u[b]
            // A run of printable ASCII and single spaces (most of any text) is copied at once.
            // A space opens a run only where it would be kept (not first, not after a space or
            // a line break); a second space ends it. The run's last byte is left to the paths
            // below when a scalar from U+0300 up (maybe a combining mark) follows it.
            if byte >= 0x21 && byte < 0x7F || byte == 0x20 && out.keepsSpace {
                var end = b + 1
                var previous = byte
                while end < n {
                    let c = u[end]
                    guard c >= 0x21 && c < 0x7F || c == 0x20 && previous != 0x20 else { break }
                    previous = c
                    end += 1
                }
                if end < n && u[end] >= 0xCC { end -= 1 }
                if end > b {
                    out.emitASCII(UnsafeBufferPointer(rebasing: u[b..<end]), from: i)
                    i += end - b
                    b = end
                    continue
                }
            }
            // A lead byte below 0xCC starts a scalar below U+0300, so no combining mark follows.
            if byte >= 0x21 && byte < 0x7F && (b + 1 == n || u[b + 1] < 0xCC) {
                out.emit(byte, i)
                b += 1
                i += 1
                continue
            }
            let (c, length) = decode(u, at: b)
            let v = c.value
            let next = b + length
            switch v {
            case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                if !out.text.isEmpty && !out.lastIsSpace && out.text.last != 0x0A { out.emit(0x20, i) }
            case 0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                if v == 0x0D, next < n, u[next] == 0x0A { break }
                out.trimTrailingSpace()
                let newlines = out.text.reversed().prefix(while: { $0 == 0x0A }).count
                if !out.text.isEmpty && newlines < 2 { out.emit(0x0A, i) }
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC:
                out.emit(0x27, i)
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0xAB, 0xBB:
                out.emit(0x22, i)
            case 0x2010, 0x2011, 0x2212:
                out.emit(0x2D, i)
            case 0x2012, 0x2013:
                let before = out.text.last.map { $0 != 0x20 && $0 != 0x0A } ?? false
                let after = next < n && !decode(u, at: next).scalar.properties.isWhitespace
                if before && after { out.emit(0x2D, i) } else { out.emitScalars(["\u{2014}"], i) }
            case 0x2014, 0x2015:
                out.emitScalars(["\u{2014}"], i)
            case 0x2026:
                out.emit(0x2E, i); out.emit(0x2E, i); out.emit(0x2E, i)
            case 0x00AD, 0x200B, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069:
                break // invisible: soft hyphen, zero-width space, direction marks, BOM
            case 0..<0x20, 0x7F, 0x80...0x9F:
                break // control characters
            default:
                // A base character and its combining marks, composed (NFC).
                var end = next
                var scalarsEnd = i + 1
                while end < n {
                    let (mark, markLength) = decode(u, at: end)
                    guard mark.properties.canonicalCombiningClass != .notReordered || mark.value == 0x200D
                        || (mark.value >= 0xFE00 && mark.value <= 0xFE0F) else { break }
                    end += markLength
                    scalarsEnd += 1
                }
                if scalarsEnd == i + 1 {
                    for at in b..<next { out.emit(u[at], i) }
                } else {
                    let cluster = String(decoding: UnsafeBufferPointer(rebasing: u[b..<end]), as: UTF8.self)
                    out.emitScalars(cluster.precomposedStringWithCanonicalMapping.unicodeScalars, i)
                }
                b = end
                i = scalarsEnd
                continue
            }
            b = next
            i += 1
        }
        out.trimTrailingSpace()
        while out.text.last == 0x0A { out.text.removeLast(); out.map.removeLast() }
        out.map.append(Int32(i))
        return Result(text: out.text, offsetMap: out.map)
    }

    /// The scalar that starts at byte `b` of valid UTF-8, and its length in bytes.
    @inline(__always)
    private static func decode(_ u: UnsafeBufferPointer<UInt8>, at b: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let (value, length) = UTF8Scalar.decode(u, at: b)
        return (Unicode.Scalar(value)!, length)
    }
}
