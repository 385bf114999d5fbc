/// Something wrong with an input: which file (and line or byte), what, and what to do.
/// The batch goes on; the summary counts problems by kind.
public struct InputProblem: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case missing = "not found"
        case unreadable = "unreadable"
        case empty = "empty"
        case binary = "binary"
        case encoding = "invalid encoding"
        case tooLarge = "too large"
        case truncated = "truncated"
        case malformed = "malformed"
        case unsupported = "unsupported"
    }

    public var kind: Kind
    public var path: String
    public var line: Int?
    public var byteOffset: Int?
    public var message: String
    public var hint: String

    public init(_ kind: Kind, path: String, line: Int? = nil, byteOffset: Int? = nil, message: String, hint: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
        self.hint = hint
    }

    /// `path:line: error: message; hint` (compiler style, so editors can jump to it). Control
    /// characters (a file named with an escape sequence) are shown as `\u{1B}`, never sent
    /// to the terminal.
    public var description: String {
        var location = path
        if let line { location += ":\(line)" } else if let byteOffset { location += ": byte \(byteOffset)" }
        return InputProblem.printable("\(location): \(kind.rawValue): \(message); \(hint)")
    }

    static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return s }
        var out = ""
        for c in s.unicodeScalars {
            if c.value < 0x20 || (0x7F...0x9F).contains(c.value) {
                out += "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
