import NewsGraphEntities
import NewsGraphModel
import NewsGraphText

/// Finds actions (events) and stative relations in an article whose entities are known.
public struct ActionExtractor: Sendable {
    public init() {}

    public struct Result: Sendable {
        public var actions: [LocalAction] = []
        public var relations: [LocalRelation] = []
    }

    public func extract(_ entities: ArticleEntities) -> Result {
        var result = Result()
        for role in entities.roles {
            let relation: StateRelation = .leaderOf
            result.relations.append(LocalRelation(relation: relation, subject: role.person, object: role.organization, role: role.role,
                                                  sentence: role.sentence, confidence: 0.8))
        }
        return result
    }
}

/// An action found in one sentence, with entities as local indices.
public struct LocalAction: Sendable {
    public var type: String
    public var cameo: String
    public var plover: String
    public var agent: Int?
    public var target: Int?
    public var treaty: Int?
    public var place: Int?
    public var date: String?
    public var modality: Modality
    public var historical: Bool
    public var speaker: Int?
    public var sentence: Int
    public var trigger: Range<Int>
    public var confidence: Double
}

/// A stative relation found in one sentence.
public struct LocalRelation: Sendable {
    public var relation: StateRelation
    public var subject: Int
    public var object: Int
    public var role: String?
    public var sentence: Int
    public var confidence: Double
}
