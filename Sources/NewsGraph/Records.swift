import Foundation
import NewsGraphModel

/// One entity as the `entities` command prints it.
public struct EntityReport: Sendable {
    public var id: String
    public var label: String
    public var type: EntityType
    public var aliases: [String]
    public var sources: [(article: String, mentions: [[Int]])]

    public init(id: String, label: String, type: EntityType, aliases: [String], sources: [(article: String, mentions: [[Int]])]) {
        self.id = id
        self.label = label
        self.type = type
        self.aliases = aliases
        self.sources = sources
    }

    public var jsonObject: [String: Any] {
        [
            "id": id, "label": label, "type": type.rawValue, "aliases": aliases,
            "sources": sources.map { ["article": $0.article, "mentions": $0.mentions] as [String: Any] },
        ]
    }
}

/// JSON Lines with sorted keys, one object a line.
public enum JSONLines {
    public static func line(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
