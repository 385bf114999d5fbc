import NewsGraphModel
import NewsGraphText

extension ArticleEntities {
    /// The cross-article identity of a local entity.
    public func key(of index: Int) -> EntityKey {
        if index < keys.count { return keys[index] }
        let entity = entities[index]
        return EntityKey(type: entity.type, slug: Slug.make(entity.label))
    }

    /// The entities as the store takes them, with mentions pointing at evidence sentences
    /// (`sentenceIndex` maps an analyzed sentence to its index in the extraction).
    /// `referenced`: entities an action or relation names without a mention of their own ("Russian
    /// jets attacked Georgia"): they keep their label and identifiers, with no mentions.
    public func extracted(gazetteer: Gazetteer, referenced: Set<Int> = [], sentenceIndex: (Int) -> Int) -> [ExtractedEntity] {
        var byEntity: [Int: [EntityMention]] = [:]
        for mention in mentions { byEntity[mention.entity, default: []].append(mention) }
        var out: [ExtractedEntity] = []
        for (index, entity) in entities.enumerated() {
            let found = byEntity[index] ?? []
            guard !found.isEmpty || referenced.contains(index) else { continue }
            var result = ExtractedEntity(key: key(of: index), label: entity.label, aliases: entity.aliases,
                                         confidence: entity.confidence)
            if let g = entity.gazetteerEntry {
                let entry = gazetteer.entries[g]
                result.gazetteerID = entry.id
                result.sameAs = entry.sameAs
                if entity.type == .place { result.latitude = entry.latitude; result.longitude = entry.longitude }
                for (form, side) in entry.aliases where entity.aliases.contains(form) {
                    if let side, let user = gazetteer.entry(side) { result.aliasUsedBy[form] = user.name }
                }
            }
            result.mentions = found.map { mention in
                let range = analyzed.originalRange(tokens: mention.tokens)
                let surface = analyzed.document.string(analyzed.tokens[mention.tokens.lowerBound].start..<analyzed.tokens[mention.tokens.upperBound - 1].end)
                return Mention(start: range.lowerBound, end: range.upperBound, sentence: sentenceIndex(mention.sentence), surface: surface)
            }
            out.append(result)
        }
        return out
    }
}
