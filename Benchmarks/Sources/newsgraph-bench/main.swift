// newsgraph-bench: times the phases of an ingest separately (reading, extraction, store
// writes), which the CLI cannot: `newsgraph ingest` interleaves them.
//
// It is not a package of its own: scripts/bench.sh copies the project's sources into a
// snapshot, appends this file as an executable target to the snapshot's Package.swift and
// builds it with the `newsgraph` CLI in one release build, so both use the same modules.
//
//   newsgraph-bench extract FILE.jsonl [--threads N] [--ontology DIR]
//   newsgraph-bench ingest  FILE.jsonl --db STORE [--threads N] [--ontology DIR]
//   newsgraph-bench export  STORE --format FORMAT --out FILE
//   newsgraph-bench walk    STORE
//
// `export` does what `newsgraph export` does, in a binary valgrind can read (callgrind gives
// up on the CLI's debug information).
// Prints one JSON object on stdout. Articles are processed in batches of 256, so memory
// stays flat whatever the corpus size.
import Dispatch
import Foundation
import NewsGraph
import NewsGraphExport
import NewsGraphIngest
import NewsGraphModel
import NewsGraphStore

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("newsgraph-bench: " + message + "\n").utf8))
    exit(64)
}

final class Slots: @unchecked Sendable {
    var values: [ArticleExtraction?]
    let lock = NSLock()
    init(_ n: Int) { values = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ v: ArticleExtraction) { lock.lock(); values[i] = v; lock.unlock() }
}

func main() {
    var args = Array(CommandLine.arguments.dropFirst())
    guard args.count >= 2 else { fail("usage: newsgraph-bench extract|ingest FILE [--threads N] [--db STORE] [--ontology DIR]") }
    let mode = args.removeFirst()
    let file = args.removeFirst()
    var threads = 1
    var dbPath: String? = nil
    var ontology: String? = nil
    var format: String? = nil
    var out: String? = nil
    while !args.isEmpty {
        let flag = args.removeFirst()
        guard !args.isEmpty else { fail("\(flag) needs a value") }
        let value = args.removeFirst()
        switch flag {
        case "--threads": threads = Int(value) ?? 1
        case "--db": dbPath = value
        case "--ontology": ontology = value
        case "--format": format = value
        case "--out": out = value
        default: fail("unknown option \(flag)")
        }
    }
    if mode == "export" {
        guard let format, let graphFormat = GraphFormat(name: format), let out else { fail("export needs --format and --out") }
        let start = now()
        do {
            try Workflows.export(storePath: file, formats: [graphFormat], out: out, asDirectory: false, base: IRIMinter.defaultBase)
        } catch { fail("\(error)") }
        print("{\"mode\": \"export\", \"total_s\": \(now() - start), \"cpu_s\": \(cpuSeconds())}")
        return
    }
    if mode == "walk" {
        // The store's walk alone, as the RDF writers get it (IRIs, links), into a visitor that
        // only counts: what an export costs before any writer.
        struct Counter: GraphVisitor {
            var nodes = 0, links = 0, bytes = 0
            static var linkTargetNames: LinkTargetNames { .iriBytes }
            mutating func node(_ node: GraphNode) throws { nodes += 1; bytes += (node.lentIRI?.bytes.count ?? node.iri.utf8.count) + node.properties.count }
            mutating func link(_ link: GraphLink) throws { links += 1; bytes += link.lentTargetIRI?.bytes.count ?? link.targetIRI.utf8.count }
        }
        let start = now()
        var counter = Counter()
        do {
            let store = try GraphStore(path: file, readOnly: true, mapSize: GraphStore.exportMapSize)
            try StoreGraph(store: store, minter: try IRIMinter()).walk(&counter, links: true)
        } catch { fail("\(error)") }
        print("{\"mode\": \"walk\", \"nodes\": \(counter.nodes), \"links\": \(counter.links), \"total_s\": \(now() - start), \"cpu_s\": \(cpuSeconds())}")
        return
    }
    guard mode == "extract" || mode == "ingest" else { fail("unknown mode \(mode)") }
    if mode == "ingest" && dbPath == nil { fail("ingest needs --db") }

    let t0 = now()
    let pipeline: ArticlePipeline
    do {
        pipeline = try ArticlePipeline(ontology: try OntologyDirectory.locate(ontology))
    } catch { fail("\(error)") }
    let setup = now() - t0
    let store: GraphStore?
    do { store = try dbPath.map { try GraphStore(path: $0) } } catch { fail("\(error)") }

    var readSeconds = 0.0, extractSeconds = 0.0, storeSeconds = 0.0
    var articles = 0, textBytes = 0, sentences = 0, entities = 0, mentions = 0, actions = 0, relations = 0
    var batch: [RawArticle] = []
    batch.reserveCapacity(256)

    func flush() throws {
        guard !batch.isEmpty else { return }
        let work = batch
        batch.removeAll(keepingCapacity: true)
        let t = now()
        let slots = Slots(work.count)
        if threads <= 1 {
            for i in work.indices { slots.set(i, pipeline.extract(work[i])) }
        } else {
            // The same scheme as the CLI's ingest: concurrentPerform over the batch.
            DispatchQueue.concurrentPerform(iterations: work.count) { i in slots.set(i, pipeline.extract(work[i])) }
        }
        let t1 = now()
        extractSeconds += t1 - t
        for case let x? in slots.values {
            sentences += x.sentences.count
            entities += x.entities.count
            mentions += x.entities.reduce(0) { $0 + $1.mentions.count }
            actions += x.actions.count
            relations += x.relations.count
            if let store { try store.add(x) }
        }
        storeSeconds += now() - t1
    }

    let start = now()
    let cpuStart = cpuSeconds()
    do {
        var readStart = now()
        try InputReader().read(path: file, name: (file as NSString).lastPathComponent, article: { raw in
            articles += 1
            textBytes += raw.text.utf8.count + (raw.title?.utf8.count ?? 0)
            batch.append(raw)
            if batch.count >= 256 {
                readSeconds += now() - readStart
                try flush()
                readStart = now()
            }
        }, problem: { _ in })
        readSeconds += now() - readStart
        try flush()
    } catch { fail("\(error)") }
    let total = now() - start
    let cpu = cpuSeconds() - cpuStart

    if mode == "extract" { storeSeconds = 0 }
    let result: [String: Any] = [
        "mode": mode, "threads": threads, "articles": articles, "text_bytes": textBytes,
        "setup_s": setup, "read_s": readSeconds, "extract_s": extractSeconds, "store_s": storeSeconds,
        "total_s": total, "cpu_s": cpu,
        "sentences_cited": sentences, "entities": entities, "mentions": mentions, "actions": actions, "relations": relations,
    ]
    let data = try! JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

main()
