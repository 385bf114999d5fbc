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
        // Entities and gazetteer entries are read in place: a copy retains all their strings.
        for index in entities.indices {
            let found = byEntity[index] ?? []
            guard !found.isEmpty || referenced.contains(index) else { continue }
            var result = ExtractedEntity(key: key(of: index), label: entities[index].label, aliases: entities[index].aliases,
                                         confidence: entities[index].confidence)
            if let g = entities[index].gazetteerEntry {
                result.gazetteerID = gazetteer.entries[g].id
                result.sameAs = gazetteer.entries[g].sameAs
                if entities[index].type == .place { result.latitude = gazetteer.entries[g].latitude; result.longitude = gazetteer.entries[g].longitude }
                for (form, side) in gazetteer.entries[g].aliases where entities[index].aliases.contains(form) {
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
