import Dispatch
import Foundation
import NewsGraphIngest
import NewsGraphModel
import NewsGraphStore

/// What an ingest did, for the summary line and the exit code.
public struct IngestSummary: Sendable, Equatable {
    public var files = 0
    public var added = 0
    public var alreadyStored = 0
    public var problems: [InputProblem] = []

    public init() {}

    /// Problems by kind, for the summary ("2 malformed, 1 empty").
    public var problemCounts: [(InputProblem.Kind, Int)] {
        var counts: [InputProblem.Kind: Int] = [:]
        for p in problems { counts[p.kind, default: 0] += 1 }
        return InputProblem.Kind.allCases.compactMap { kind in counts[kind].map { (kind, $0) } }
    }

    public var line: String {
        var text = "ingested \(added) article\(added == 1 ? "" : "s") from \(files) file\(files == 1 ? "" : "s")"
        if alreadyStored > 0 { text += ", \(alreadyStored) already stored" }
        if problems.isEmpty {
            text += ", nothing skipped"
        } else {
            text += "; skipped \(problems.count): " + problemCounts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
        }
        return text
    }
}

/// Reports progress and problems while an ingest runs.
public protocol IngestObserver: AnyObject {
    func problem(_ problem: InputProblem)
    func progress(files: Int, of total: Int, articles: Int)
    func added(_ article: Article)
}

/// Reads inputs, extracts every article in parallel and adds each to the store in its own
/// transaction, in input order.
public struct Ingestor {
    public let pipeline: ArticlePipeline
    public let store: GraphStore
    public var limits = IngestLimits()
    /// Stop at the first problem instead of skipping it.
    public var strict = false
    public var batchSize = 32

    public init(pipeline: ArticlePipeline, store: GraphStore) {
        self.pipeline = pipeline
        self.store = store
    }

    /// The first input problem under `strict`. Every article read before it is stored;
    /// `summary` says what was done.
    public struct StrictStop: Error, CustomStringConvertible {
        public var problem: InputProblem
        public var summary: IngestSummary
        public var description: String { "\(problem) (stopped: --strict)" }
    }

    public func ingest(_ inputs: [String], observer: IngestObserver? = nil) throws -> IngestSummary {
        var summary = IngestSummary()
        let reader = InputReader(limits: limits)
        let (files, missing) = reader.files(inputs)
        var batch: [RawArticle] = []
        // Batches are extracted on all cores while the previous batch is written, in order,
        // by one writer; at most two batches are in flight, so memory stays bounded.
        let writer = OrderedWriter(store: store, observer: observer)

        func flush() throws {
            guard !batch.isEmpty else { return }
            let pending = batch
            batch.removeAll(keepingCapacity: true)
            // Skip what the store has, before the costly part.
            var todo: [RawArticle] = []
            for raw in pending {
                if let stored = try store.storedSource(contentHash: pipeline.contentHash(raw)) {
                    // A copy under a smaller name names the article (order must not matter).
                    // (SQLite compares the names, byte by byte, so every copy under another name is offered.)
                    if raw.sourceName != stored { try store.adoptSource(pipeline.builder.build(raw).article) }
                    writer.countAlreadyStored()
                } else {
                    todo.append(raw)
                }
            }
            let results = ExtractionBox(count: todo.count)
            let work = todo
            let pipeline = self.pipeline
            DispatchQueue.concurrentPerform(iterations: work.count) { i in
                results.set(i, pipeline.extract(work[i]))
            }
            try writer.submit(results.values, files: summary.files, of: files.count)
        }

        func report(_ problem: InputProblem) throws {
            summary.problems.append(problem)
            observer?.problem(problem)
            if strict {
                // What came before the problem is stored, whatever the batch size.
                try flush()
                try writer.finish()
                summary.added = writer.added
                summary.alreadyStored = writer.alreadyStored
                throw StrictStop(problem: problem, summary: summary)
            }
        }
        for problem in missing { try report(problem) }

        for (path, name) in files {
            do {
                try reader.read(path: path, name: name, article: { raw in
                    batch.append(raw)
                    if batch.count >= batchSize { try flush() }
                }, problem: { try report($0) })
            } catch let problem as InputProblem {
                try report(problem)
            }
            summary.files += 1
            writer.progress(files: summary.files, of: files.count)
        }
        try flush()
        try writer.finish()
        summary.added = writer.added
        summary.alreadyStored = writer.alreadyStored
        return summary
    }
}

/// Writes extracted batches to the store on one background thread, in submission order,
/// one transaction per article; the first store error stops the ingest.
final class OrderedWriter: @unchecked Sendable {
    private let store: GraphStore
    private let observer: IngestObserver?
    private let queue = DispatchQueue(label: "newsgraph.store-writer")
    private let slots = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var storedCount = 0
    private var skippedCount = 0
    private var failure: Error?

    init(store: GraphStore, observer: IngestObserver?) {
        self.store = store
        self.observer = observer
    }

    var added: Int { lock.lock(); defer { lock.unlock() }; return storedCount }
    var alreadyStored: Int { lock.lock(); defer { lock.unlock() }; return skippedCount }

    func countAlreadyStored() {
        lock.lock()
        skippedCount += 1
        lock.unlock()
    }

    private func check() throws {
        lock.lock()
        let error = failure
        lock.unlock()
        if let error { throw error }
    }

    func submit(_ extractions: [ArticleExtraction], files: Int, of total: Int) throws {
        try check()
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            lock.lock()
            let failed = failure != nil
            lock.unlock()
            guard !failed else { return }
            for extraction in extractions {
                do {
                    let result = try store.add(extraction)
                    lock.lock()
                    if result == .added { storedCount += 1 } else { skippedCount += 1 }
                    lock.unlock()
                    if result == .added { observer?.added(extraction.article) }
                } catch {
                    lock.lock()
                    failure = failure ?? error
                    lock.unlock()
                    return
                }
            }
            observer?.progress(files: files, of: total, articles: added + alreadyStored)
        }
    }

    func progress(files: Int, of total: Int) {
        queue.async { [self] in observer?.progress(files: files, of: total, articles: added + alreadyStored) }
    }

    /// Waits for every submitted batch.
    func finish() throws {
        queue.sync {}
        try check()
    }
}

/// Results written by concurrent workers, one slot each.
final class ExtractionBox: @unchecked Sendable {
    private var slots: [ArticleExtraction?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: ArticleExtraction) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [ArticleExtraction] { slots.compactMap { $0 } }
}
