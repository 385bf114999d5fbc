import Foundation
import NewsGraphExport
import NewsGraphIngest
import NewsGraphModel
import NewsGraphStore

/// The commands' work, as library calls: the executable only parses arguments.
public enum Workflows {
    public struct Options: Sendable {
        public var ontology: String? = nil
        public var base: String = IRIMinter.defaultBase
        public var strict = false
        public var maxArticleBytes = IngestLimits().maxArticleBytes
        public init() {}
    }

    /// Ingests inputs into the store at `storePath`, creating it if needed.
    public static func ingest(_ inputs: [String], storePath: String, options: Options, observer: IngestObserver?) throws -> IngestSummary {
        // The writer lock first, so a second ingest into the same store fails before the
        // (slow) lexicons load.
        let store = try GraphStore(path: storePath, exclusive: true)
        defer { store.unlock() }
        let pipeline = try ArticlePipeline(ontology: try OntologyDirectory.locate(options.ontology))
        var ingestor = Ingestor(pipeline: pipeline, store: store)
        ingestor.strict = options.strict
        ingestor.limits = IngestLimits(maxArticleBytes: options.maxArticleBytes)
        return try ingestor.ingest(inputs, observer: observer)
    }

    /// Writes the store as one format to a file, or as every format into a folder.
    public static func export(storePath: String, formats: [GraphFormat], out: String, asDirectory: Bool, base: String) throws {
        let store = try GraphStore(path: storePath, readOnly: true, mapSize: GraphStore.exportMapSize)
        let graph = StoreGraph(store: store, minter: try IRIMinter(base: base))
        if asDirectory {
            try Exporter.writeAll(graph, toDirectory: out, formats: formats)
        } else {
            try Exporter.write(graph, as: formats[0], toFile: out)
        }
    }

    /// `build`: ingest into a store (a temporary one unless given), then write every export.
    public static func build(_ inputs: [String], out: String, storePath: String?, formats: [GraphFormat], options: Options,
                             observer: IngestObserver?) throws -> IngestSummary {
        // An output folder that cannot be written fails now, not after the whole ingest.
        try Exporter.prepareDirectory(out, formats: formats)
        let fm = FileManager.default
        var temporary: String? = nil
        let path: String
        if let storePath {
            path = storePath
        } else {
            let dir = fm.temporaryDirectory.appendingPathComponent("newsgraph-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            temporary = dir.path
            path = dir.appendingPathComponent("graph.db").path
        }
        defer { if let temporary { try? fm.removeItem(atPath: temporary) } }
        let summary = try ingest(inputs, storePath: path, options: options, observer: observer)
        try export(storePath: path, formats: formats, out: out, asDirectory: true, base: options.base)
        return summary
    }
}

extension Workflows {
    /// Writes `newsgraph.ttl` and `newsgraph.rdf` (the same graph) from the vocabulary and
    /// the action types of `<ontology>/lexicon/action-types.tsv`.
    public static func writeOntology(ontology: String?, out: String) throws {
        let dir = try OntologyDirectory.locate(ontology)
        let types = try ActionType.load(path: dir.path + "/lexicon/action-types.tsv")
        let descriptions = OntologyBuilder.descriptions(actionTypes: types)
        for format in [GraphFormat.turtle, .rdfXML] {
            let path = out + "/newsgraph." + format.fileExtension
            let sink = try AtomicFileSink(path: path)
            do {
                try Exporter.write(descriptions, as: format, to: sink, path: path)
                try sink.commit()
            } catch {
                sink.abandon()
                throw error
            }
        }
    }
}
