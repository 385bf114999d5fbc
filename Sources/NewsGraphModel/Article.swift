/// A source article as ingested: metadata and the text that offsets refer to.
public struct Article: Sendable, Equatable {
    /// The input file name, or the JSON Lines `id`.
    public var sourceName: String
    public var title: String?
    public var outlet: String?
    /// Publication date, `YYYY-MM-DD` (or `YYYY-MM` when only the month is known).
    public var published: String?
    public var url: String?
    /// Lower-case hex SHA-256 of the article text (UTF-8).
    public var contentHash: String
    /// Other fields of a JSON Lines record, kept as strings.
    public var metadata: [String: String]

    public init(sourceName: String, title: String? = nil, outlet: String? = nil, published: String? = nil,
                url: String? = nil, contentHash: String, metadata: [String: String] = [:]) {
        self.sourceName = sourceName
        self.title = title
        self.outlet = outlet
        self.published = published
        self.url = url
        self.contentHash = contentHash
        self.metadata = metadata
    }

    /// The short id used in IRIs and node ids: the first 16 hex digits of the content hash.
    public var shortID: String { String(Substring(contentHash.utf8.prefix(16))) }
}
