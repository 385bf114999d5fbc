/// Turns file bytes into text, refusing what is not text rather than guessing.
enum TextDecoding {
    /// Decodes UTF-8 (a BOM is dropped) or UTF-16 with a BOM.
    static func decode(_ bytes: [UInt8], path: String) throws -> String {
        if bytes.isEmpty {
            throw InputProblem(.empty, path: path, message: "the file is empty", hint: "remove it or fill it with article text")
        }
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            return try decodeUTF16(bytes, bigEndian: bytes[0] == 0xFE, path: path)
        }
        var body = bytes[...]
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { body = bytes[3...] }
        if let nul = body.firstIndex(of: 0) {
            throw InputProblem(.binary, path: path, byteOffset: nul,
                               message: "the file contains NUL bytes, so it is binary, not text",
                               hint: "give NewsGraph text, HTML or JSON Lines files")
        }
        if let bad = firstInvalidUTF8(body) {
            throw InputProblem(.encoding, path: path, byteOffset: bad,
                               message: "invalid UTF-8 at byte \(bad)",
                               hint: "convert the file to UTF-8 (for example: iconv -f WINDOWS-1252 -t UTF-8)")
        }
        let text = String(decoding: body, as: UTF8.self)
        let controls = text.unicodeScalars.lazy.filter { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }.count
        if controls > 16 && controls * 20 > text.unicodeScalars.count {
            throw InputProblem(.binary, path: path, message: "the file is mostly control characters, so it is binary, not text",
                               hint: "give NewsGraph text, HTML or JSON Lines files")
        }
        return text
    }

    static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool, path: String) throws -> String {
        guard bytes.count % 2 == 0 else {
            throw InputProblem(.encoding, path: path, byteOffset: bytes.count - 1, message: "UTF-16 text with an odd number of bytes",
                               hint: "the file is truncated or not UTF-16; convert it to UTF-8")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2 - 1)
        var i = 2
        while i + 1 < bytes.count {
            units.append(bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i]))
            i += 2
        }
        var scalars = String.UnicodeScalarView()
        var decoder = UTF16()
        var iterator = units.makeIterator()
        var index = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(s):
                if s.value == 0 {
                    throw InputProblem(.binary, path: path, byteOffset: 2 + index * 2, message: "the file contains NUL characters",
                                       hint: "give NewsGraph text, HTML or JSON Lines files")
                }
                scalars.append(s)
                index += s.value > 0xFFFF ? 2 : 1
            case .emptyInput: break loop
            case .error:
                throw InputProblem(.encoding, path: path, byteOffset: 2 + index * 2, message: "invalid UTF-16 (an unpaired surrogate)",
                                   hint: "convert the file to UTF-8")
            }
        }
        return String(scalars)
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence, if any.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minimum: UInt32
            var value: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; minimum = 0x80; value = UInt32(b & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; value = UInt32(b & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; value = UInt32(b & 0x07)
            default: return i - bytes.startIndex
            }
            if i + length > end { return i - bytes.startIndex }
            for k in 1..<length {
                let c = bytes[i + k]
                if c & 0xC0 != 0x80 { return i - bytes.startIndex }
                value = value << 6 | UInt32(c & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return i - bytes.startIndex }
            i += length
        }
        return nil
    }
}
