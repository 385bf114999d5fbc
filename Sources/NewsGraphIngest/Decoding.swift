import NewsGraphModel

/// Turns file bytes into text, refusing what is not text rather than guessing.
enum TextDecoding {
    static let binaryHint = "give NewsGraph text, HTML or JSON Lines files (UTF-8, or UTF-16 with a byte-order mark)"

    /// Decodes UTF-8 (a BOM is dropped) or UTF-16 with a BOM.
    static func decode(_ bytes: [UInt8], path: String) throws -> String {
        if bytes.isEmpty {
            throw InputProblem(.empty, path: path, message: "the file is empty", hint: "remove it or fill it with article text")
        }
        if bytes.count >= 4 && ((bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0)
            || (bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF)) {
            throw InputProblem(.encoding, path: path, byteOffset: 0, message: "the file is UTF-32, which NewsGraph does not read",
                               hint: "convert it to UTF-8 (for example: iconv -f UTF-32 -t UTF-8)")
        }
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            return try decodeUTF16(bytes, bigEndian: bytes[0] == 0xFE, path: path)
        }
        var body = bytes[...]
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { body = bytes[3...] }
        if let nulIndex = body.firstIndex(of: 0) {
            let nul = nulIndex // ArraySlice indices are offsets in the file
            if looksLikeUTF16WithoutBOM(body) {
                throw InputProblem(.encoding, path: path, byteOffset: nul,
                                   message: "the file looks like UTF-16 without a byte-order mark (every other byte is NUL)",
                                   hint: "convert it to UTF-8 (for example: iconv -f UTF-16LE -t UTF-8) or add a byte-order mark")
            }
            throw InputProblem(.binary, path: path, byteOffset: nul,
                               message: "a NUL byte\(location(body, nul - body.startIndex)): the file is binary, not text",
                               hint: binaryHint)
        }
        if let bad = firstInvalidUTF8(body) {
            let offset = bad + body.startIndex
            throw InputProblem(.encoding, path: path, byteOffset: offset,
                               message: "invalid UTF-8 (0x\(hex(bytes[offset])))\(location(body, bad))",
                               hint: "convert the file to UTF-8 (for example: iconv -f WINDOWS-1252 -t UTF-8)")
        }
        let text = String(decoding: body, as: UTF8.self)
        try refuseControlCharacters(text, path: path)
        return text
    }

    /// Text that is mostly control characters is a binary file that happens to be valid UTF-8.
    static func refuseControlCharacters(_ text: String, path: String) throws {
        var controls = 0
        var total = 0
        for scalar in text.unicodeScalars {
            total += 1
            if scalar.value < 0x20 && scalar != "\n" && scalar != "\r" && scalar != "\t" { controls += 1 }
        }
        if controls > 16 && controls * 20 > total {
            throw InputProblem(.binary, path: path, message: "\(controls) of its \(total) characters are control characters: the file is binary, not text",
                               hint: binaryHint)
        }
    }

    /// " in line L" for the byte at `index` of `body`.
    static func location(_ body: ArraySlice<UInt8>, _ index: Int) -> String {
        let upTo = body[body.startIndex..<(body.startIndex + index)]
        var lines = 1
        for b in upTo where b == 0x0A { lines += 1 }
        return " in line \(lines)"
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// ASCII text in UTF-16 without a BOM: NUL at every odd (LE) or even (BE) offset.
    static func looksLikeUTF16WithoutBOM(_ body: ArraySlice<UInt8>) -> Bool {
        let sample = body.prefix(512)
        guard sample.count >= 8, sample.count % 2 == 0 || sample.count == 512 else { return false }
        var evenNUL = 0, oddNUL = 0
        for (i, b) in sample.enumerated() where b == 0 {
            if i % 2 == 0 { evenNUL += 1 } else { oddNUL += 1 }
        }
        let half = sample.count / 2
        return (oddNUL * 10 >= half * 9 && evenNUL == 0) || (evenNUL * 10 >= half * 9 && oddNUL == 0)
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
                    throw InputProblem(.binary, path: path, byteOffset: 2 + index * 2,
                                       message: "a NUL character: the file is binary, not text",
                                       hint: binaryHint)
                }
                scalars.append(s)
                index += s.value > 0xFFFF ? 2 : 1
            case .emptyInput: break loop
            case .error:
                throw InputProblem(.encoding, path: path, byteOffset: 2 + index * 2,
                                   message: "invalid UTF-16 (an unpaired surrogate)",
                                   hint: "convert the file to UTF-8")
            }
        }
        let text = String(scalars)
        if text.isEmpty {
            throw InputProblem(.empty, path: path, message: "the file holds only a byte-order mark", hint: "remove it or fill it with article text")
        }
        try refuseControlCharacters(text, path: path)
        return text
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence, if any.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            let end = buffer.count
            var i = 0
            while true {
                // ASCII runs (nearly all of a JSON line) are skipped eight bytes at a time.
                i = ByteScan.firstNonASCII(in: buffer, from: i)
                guard i < end else { break }
                let b = buffer[i]
                let length: Int
                var minimum: UInt32
                var value: UInt32
                switch b {
                case 0xC2...0xDF: length = 2; minimum = 0x80; value = UInt32(b & 0x1F)
                case 0xE0...0xEF: length = 3; minimum = 0x800; value = UInt32(b & 0x0F)
                case 0xF0...0xF4: length = 4; minimum = 0x10000; value = UInt32(b & 0x07)
                default: return i
                }
                if i + length > end { return i }
                for k in 1..<length {
                    let c = buffer[i + k]
                    if c & 0xC0 != 0x80 { return i }
                    value = value << 6 | UInt32(c & 0x3F)
                }
                if value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return i }
                i += length
            }
            return nil
        }
    }
}
