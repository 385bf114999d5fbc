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

    /// `path:line: error: message; hint` (compiler style, so editors can jump to it).
    public var description: String {
        var location = path
        if let line { location += ":\(line)" } else if let byteOffset { location += ": byte \(byteOffset)" }
        return "\(location): \(kind.rawValue): \(message); \(hint)"
    }
}
