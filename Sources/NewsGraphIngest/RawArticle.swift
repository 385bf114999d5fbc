/// An article as read from an input, before normalization.
public struct RawArticle: Sendable {
    /// The input file name (relative to the folder given) or the JSON Lines `id`.
    public var sourceName: String
    /// The body text. For JSON Lines and HTML the title is kept apart in `title`.
    public var text: String
    public var title: String?
    public var published: String?
    public var url: String?
    public var outlet: String?
    public var metadata: [String: String]
    /// Where it came from, for messages: `path` or `path:line`.
    public var origin: String

    public init(sourceName: String, text: String, title: String? = nil, published: String? = nil, url: String? = nil,
                outlet: String? = nil, metadata: [String: String] = [:], origin: String) {
        self.sourceName = sourceName
        self.text = text
        self.title = title
        self.published = published
        self.url = url
        self.outlet = outlet
        self.metadata = metadata
        self.origin = origin
    }
}

/// Limits that keep memory bounded on hostile input.
public struct IngestLimits: Sendable {
    /// The largest article (text file, HTML file or JSON Lines record) accepted.
    public var maxArticleBytes: Int

    public init(maxArticleBytes: Int = 8_000_000) {
        self.maxArticleBytes = maxArticleBytes
    }

    /// A byte count in MB for messages ("8", "0.5").
    static func megabytes(_ bytes: Int) -> String {
        if bytes % 1_000_000 == 0 || bytes >= 10_000_000 { return String(bytes / 1_000_000) }
        let tenths = (bytes + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}
