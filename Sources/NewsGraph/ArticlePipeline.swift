import Foundation
import NewsGraphActions
import NewsGraphEntities
import NewsGraphIngest
import NewsGraphModel
import NewsGraphText

/// The per-article pipeline: normalize and cut into blocks, split sentences, find entities,
/// find actions, and package everything with evidence for the store.
public struct ArticlePipeline: Sendable {
    public let builder: DocumentBuilder
    public let recognizer: EntityRecognizer
    public let actions: ActionExtractor

    public init(ontology: OntologyDirectory) throws {
        builder = DocumentBuilder(rules: try BoilerplateRules(path: ontology.path + "/lexicon/boilerplate.tsv"))
        recognizer = EntityRecognizer(lexicon: try EntityLexicon(ontology: ontology.path))
        actions = ActionExtractor(lexicon: try ActionLexicon(ontology: ontology.path))
    }

    public func contentHash(_ raw: RawArticle) -> String { DocumentBuilder.contentHash(raw) }

    public func extract(_ raw: RawArticle) -> ArticleExtraction {
        let document = builder.build(raw)
        let analyzed = SentenceSplitter.analyze(document)
        let found = recognizer.recognize(analyzed)
        let acts = actions.extract(found)

        // Evidence: only the sentences something points at, in text order.
        // Sentence number -> evidence number (-1: not evidence; -2: evidence, not yet
        // numbered), numbered in sentence order.
        var index = [Int](repeating: -1, count: analyzed.sentences.count)
        for m in found.mentions { index[m.sentence] = -2 }
        for a in acts.actions { index[a.sentence] = -2 }
        for r in acts.relations { index[r.sentence] = -2 }
        var sentences: [EvidenceSentence] = []
        var cursor = ScalarCursor(document.original)
        for s in index.indices where index[s] == -2 {
            index[s] = sentences.count
            sentences.append(evidence(analyzed, analyzed.sentences[s], cursor: &cursor))
        }
        var referenced = Set<Int>()
        for a in acts.actions { referenced.formUnion([a.agent, a.target, a.treaty, a.place, a.speaker].compactMap { $0 }) }
        for r in acts.relations { referenced.formUnion([r.subject, r.object]) }
        let entities = found.extracted(gazetteer: recognizer.lexicon.gazetteer, referenced: referenced, sentenceIndex: { evidenceNumber(index, $0) })
        var extraction = ArticleExtraction(article: document.article, text: document.original, sentences: sentences, entities: entities)
        for r in acts.relations {
            extraction.relations.append(ExtractedRelation(relation: r.relation, subject: found.key(of: r.subject), object: found.key(of: r.object),
                                                          role: r.role, sentence: evidenceNumber(index, r.sentence), confidence: r.confidence))
        }
        for a in acts.actions {
            let trigger = analyzed.originalRange(tokens: a.trigger)
            extraction.actions.append(ExtractedAction(
                type: a.type, cameo: a.cameo, plover: a.plover, agent: a.agent.map(found.key(of:)), target: a.target.map(found.key(of:)),
                treaty: a.treaty.map(found.key(of:)), place: a.place.map(found.key(of:)), date: a.date, modality: a.modality,
                historical: a.historical, speaker: a.speaker.map(found.key(of:)), sentence: evidenceNumber(index, a.sentence),
                triggerStart: trigger.lowerBound, triggerEnd: trigger.upperBound, confidence: a.confidence))
        }
        return extraction
    }

    /// The evidence number of a sentence everything extracted from it points at.
    private func evidenceNumber(_ index: [Int], _ sentence: Int) -> Int {
        let number = index[sentence]
        precondition(number >= 0, "sentence \(sentence) is not evidence")
        return number
    }

    /// A sentence as evidence: its original text and code-point offsets, trimmed. Sentences
    /// come in text order, so one cursor walks the text once.
    func evidence(_ analyzed: AnalyzedDocument, _ sentence: Sentence, cursor: inout ScalarCursor) -> EvidenceSentence {
        let range = analyzed.document.originalRange(sentence.bytes)
        let scalars = cursor.text.unicodeScalars
        var start = cursor.move(to: range.lowerBound)
        var startIndex = cursor.index
        var end = cursor.move(to: range.upperBound)
        var endIndex = cursor.index
        while start < end && scalars[startIndex].properties.isWhitespace { scalars.formIndex(after: &startIndex); start += 1 }
        while end > start && scalars[scalars.index(before: endIndex)].properties.isWhitespace { scalars.formIndex(before: &endIndex); end -= 1 }
        return EvidenceSentence(start: start, end: end, text: String(scalars[startIndex..<endIndex]))
    }
}

/// A position in a string counted in Unicode scalars (the offsets evidence uses); moving
/// forward is cheap, moving back starts over. It walks the UTF-8 bytes: a scalar starts at
/// every byte that is not a continuation byte (stepping the scalar view cost ~20 instructions
/// a scalar).
struct ScalarCursor {
    let text: String
    private let bytes: [UInt8]
    private(set) var offset = 0
    private var byteOffset = 0

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    /// The position reached, as an index of `text` (on a scalar boundary).
    var index: String.Index { text.utf8.index(text.utf8.startIndex, offsetBy: byteOffset) }

    /// Moves forward to `target` (clamped to the end); returns the offset reached.
    mutating func move(to target: Int) -> Int {
        if target < offset { (offset, byteOffset) = (0, 0) }
        var offset = offset, byteOffset = byteOffset
        bytes.withUnsafeBufferPointer { b in
            while offset < target && byteOffset < b.count {
                // Eight ASCII bytes are eight scalars.
                if target - offset >= 8 && b.count - byteOffset >= 8,
                   UnsafeRawPointer(b.baseAddress! + byteOffset).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    byteOffset += 8
                    offset += 8
                    continue
                }
                byteOffset += 1
                while byteOffset < b.count && b[byteOffset] & 0xC0 == 0x80 { byteOffset += 1 }
                offset += 1
            }
        }
        (self.offset, self.byteOffset) = (offset, byteOffset)
        return offset
    }
}

/// Where the ontology, lexicons and gazetteer live.
public struct OntologyDirectory: Sendable {
    public let path: String

    public struct NotFound: Error, CustomStringConvertible {
        public var searched: [String]
        public var description: String {
            "cannot find the NewsGraph ontology folder (lexicon/ and gazetteer/); looked in: \(searched.joined(separator: ", ")). Pass --ontology DIR or set NEWSGRAPH_ONTOLOGY"
        }
    }

    public init(path: String) { self.path = path }

    /// `explicit`, then `$NEWSGRAPH_ONTOLOGY`, then `./ontology`, then the folders above the executable.
    public static func locate(_ explicit: String? = nil) throws -> OntologyDirectory {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let env = ProcessInfo.processInfo.environment["NEWSGRAPH_ONTOLOGY"] { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/ontology")
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("ontology").path)
            dir = dir.deletingLastPathComponent()
        }
        candidates.append("/usr/local/share/newsgraph/ontology")
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/lexicon/boilerplate.tsv") {
            return OntologyDirectory(path: candidate)
        }
        if let explicit { throw NotFound(searched: [explicit]) }
        throw NotFound(searched: candidates)
    }
}

extension ArticlePipeline {
    /// A readable trace of what the pipeline saw in an article: blocks, sentences, mentions
    /// and actions (for `newsgraph explain`).
    public func explain(_ raw: RawArticle) -> String {
        let document = builder.build(raw)
        let analyzed = SentenceSplitter.analyze(document)
        let found = recognizer.recognize(analyzed)
        let acts = actions.extract(found)
        var out = "article \(document.article.sourceName) title=\(document.article.title ?? "-") published=\(document.article.published ?? "-") outlet=\(document.article.outlet ?? "-")\n"
        for block in document.blocks where block.role == .boilerplate {
            out += "  [boilerplate: \(block.reason ?? "")] \(document.string(block.range).prefix(80))\n"
        }
        for (index, sentence) in analyzed.sentences.enumerated() {
            out += "\n[\(index) \(sentence.role.rawValue)] \(document.string(sentence.bytes))\n"
            for m in found.mentions where m.sentence == index {
                let e = found.entities[m.entity]
                let surface = document.string(analyzed.tokens[m.tokens.lowerBound].start..<analyzed.tokens[m.tokens.upperBound - 1].end)
                out += "    mention \(surface) -> \(e.type.rawValue):\(e.label) (\(m.kind.rawValue))\n"
            }
            for d in found.demonyms where d.sentence == index {
                out += "    demonym \(document.string(analyzed.tokens[d.tokens.lowerBound].start..<analyzed.tokens[d.tokens.upperBound - 1].end)) -> \(found.entities[d.entity].label)\n"
            }
            for a in acts.actions where a.sentence == index {
                func name(_ i: Int?) -> String { i.map { found.entities[$0].label } ?? "-" }
                let trigger = document.string(analyzed.tokens[a.trigger.lowerBound].start..<analyzed.tokens[a.trigger.upperBound - 1].end)
                out += "    ACTION \(name(a.agent)) \(a.type)[\(a.cameo)] \(name(a.target)) treaty=\(name(a.treaty)) place=\(name(a.place)) date=\(a.date ?? "-") \(a.modality.rawValue) «\(trigger)»\n"
            }
            for r in acts.relations where r.sentence == index {
                out += "    STATE \(found.entities[r.subject].label) \(r.relation.rawValue) \(found.entities[r.object].label)\n"
            }
        }
        return out
    }
}
