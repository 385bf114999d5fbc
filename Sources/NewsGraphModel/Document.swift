/// An article after ingest: normalized text with a map back to the original offsets, cut
/// into blocks (headline, dateline, body paragraphs, boilerplate).
///
/// Offsets everywhere outside this type are Unicode code points into `original`, the
/// article text as read (for HTML, the extracted text; for JSON Lines, the title, a blank
/// line, then the `text` field).
public struct Document: Sendable {
    public var article: Article
    /// The article text as read.
    public var original: String
    /// The normalized text as UTF-8: NFC, straight quotes, one kind of dash, single spaces.
    public var text: [UInt8]
    /// For every byte offset of `text` (and one past the end), the code-point offset in `original`.
    public var offsetMap: [Int32]
    public var blocks: [Block]

    public init(article: Article, original: String, text: [UInt8], offsetMap: [Int32], blocks: [Block]) {
        self.article = article
        self.original = original
        self.text = text
        self.offsetMap = offsetMap
        self.blocks = blocks
    }

    /// The original code-point range of a normalized byte range.
    public func originalRange(_ bytes: Range<Int>) -> Range<Int> {
        Int(offsetMap[bytes.lowerBound])..<Int(offsetMap[bytes.upperBound])
    }

    /// The normalized text of a byte range.
    public func string(_ bytes: Range<Int>) -> String {
        String(decoding: text[bytes], as: UTF8.self)
    }
}

/// A paragraph-level piece of an article.
public struct Block: Sendable, Equatable {
    public enum Role: String, Sendable, Equatable {
        case headline, dateline, body, boilerplate
    }

    /// Byte range in `Document.text`.
    public var range: Range<Int>
    public var role: Role
    /// Why a block is boilerplate ("subscription appeal", "photo credit", ...).
    public var reason: String?

    public init(range: Range<Int>, role: Role, reason: String? = nil) {
        self.range = range
        self.role = role
        self.reason = reason
    }
}
