import ArgumentParser
import Foundation
import NewsGraph
import NewsGraphExport
import NewsGraphIngest
import NewsGraphModel
import NewsGraphQuery
import NewsGraphStore

#if canImport(Glibc)
import Glibc
#endif

/// Exit codes: 0 found / done, 1 no match, 2 some inputs skipped, 3 failure, 64 usage.
enum Exit {
    static let noMatch = ExitCode(1)
    static let skipped = ExitCode(2)
    static let failure = ExitCode(3)
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("newsgraph: " + message + "\n").utf8))
}

/// Runs a command body; library errors print as `newsgraph: <message>` and exit 3.
func guarded(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as CleanExit {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let stop as Ingestor.StrictStop {
        // The observer has printed the problem itself.
        let added = stop.summary.added
        printError("error: stopped at the first input problem (--strict); \(added) article\(added == 1 ? "" : "s") stored before it")
        throw Exit.failure
    } catch let error as StoreError {
        // Already `path: error: message`.
        printError("\(error)")
        throw Exit.failure
    } catch let problem as InputProblem {
        printError("\(problem)")
        throw Exit.failure
    } catch {
        printError("error: \(error)")
        throw Exit.failure
    }
}

struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store file.")
    var db: String = "newsgraph.db"
}

struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The ontology folder (lexicons and gazetteer); default: ./ontology or the one installed with newsgraph.")
    var ontology: String?

    @Flag(name: .shortAndLong, help: "Print only problems.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print every article as it is added.")
    var verbose = false
}

struct InputOptions: ParsableArguments {
    @Flag(help: "Stop at the first input problem instead of skipping it.")
    var strict = false

    @Option(help: "The largest article accepted, in MB.")
    var maxArticleMb: Int = 8

    func validate() throws {
        if maxArticleMb < 1 { throw ValidationError("--max-article-mb must be at least 1") }
    }
}

struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "table | json | jsonl | csv | tsv (default: table on a terminal, else jsonl).")
    var format: String?

    func validate() throws {
        if let format, OutputFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("unknown format '\(format)'; use table, json, jsonl, csv or tsv")
        }
    }

    func resolved() throws -> OutputFormat {
        if let format {
            guard let f = OutputFormat(rawValue: format.lowercased()) else {
                throw ValidationError("unknown format '\(format)'; use table, json, jsonl, csv or tsv")
            }
            return f
        }
        return isatty(1) != 0 ? .table : .jsonl
    }
}

/// Progress on stderr (a bar with rate and ETA when stderr is a terminal), problems always.
final class TerminalObserver: IngestObserver {
    let quiet: Bool
    let verbose: Bool
    let interactive = isatty(2) != 0
    let started = Date()
    var lastDraw = Date.distantPast
    var drawn = false

    init(quiet: Bool, verbose: Bool) {
        self.quiet = quiet
        self.verbose = verbose
    }

    func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }

    func clear() {
        if drawn { write("\r\u{1B}[K"); drawn = false }
    }

    func problem(_ problem: InputProblem) {
        clear()
        write("newsgraph: \(problem)\n")
    }

    func added(_ article: Article) {
        if verbose {
            clear()
            write("added \(article.sourceName)\(article.title.map { ": \($0)" } ?? "")\n")
        }
    }

    func progress(files: Int, of total: Int, articles: Int) {
        guard interactive && !quiet else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || files == total else { return }
        lastDraw = now
        let elapsed = max(0.001, now.timeIntervalSince(started))
        let fraction = total > 0 ? Double(files) / Double(total) : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
        let rate = Double(articles) / elapsed
        var eta = ""
        if fraction > 0 && fraction < 1 {
            let remaining = Int(elapsed / fraction * (1 - fraction))
            eta = String(format: "  ETA %d:%02d", remaining / 60, remaining % 60)
        }
        write(String(format: "\r\u{1B}[K[%@] %d/%d files  %d articles  %.0f/s%@", bar, files, total, articles, rate, eta))
        drawn = true
    }

    func finish(_ summary: IngestSummary) {
        clear()
        if !quiet {
            write("newsgraph: \(summary.line) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n")
        }
    }
}

struct NewsGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsgraph",
        abstract: "Turn news articles into a typed, sourced knowledge graph.",
        discussion: """
            Exit codes: 0 done or found, 1 no match, 2 some inputs skipped, 3 failure, 64 usage error.
            """,
        version: "0.1.0",
        subcommands: [Build.self, Ingest.self, Export.self, Entities.self, Query.self, Show.self, Sources.self, PathCommand.self, Stats.self, OntologyCommand.self, Explain.self])
}

// MARK: - build, ingest, export

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Ingest articles and write every export (GraphML, RDF/XML, JSON-LD, N-Triples, Turtle).")

    @Argument(help: "Files or folders: .txt, .html, .jsonl (optionally .gz).")
    var inputs: [String]

    @Option(help: "The folder for graph.graphml, graph.rdf, graph.jsonld, graph.nt and graph.ttl.")
    var out: String

    @Option(help: "Keep the store in this file (default: a temporary store).")
    var db: String?

    @Option(help: "The base IRI of the graph's nodes.")
    var base: String = IRIMinter.defaultBase

    @OptionGroup var common: CommonOptions
    @OptionGroup var input: InputOptions

    func run() throws {
        var summary = IngestSummary()
        try guarded {
            _ = try IRIMinter(base: base)
            var options = Workflows.Options()
            options.ontology = common.ontology
            options.base = base
            options.strict = input.strict
            options.maxArticleBytes = input.maxArticleMb * 1_000_000
            let observer = TerminalObserver(quiet: common.quiet, verbose: common.verbose)
            summary = try Workflows.build(inputs, out: out, storePath: db, formats: GraphFormat.allCases, options: options, observer: observer)
            observer.finish(summary)
            if !common.quiet { FileHandle.standardError.write(Data("newsgraph: wrote \(GraphFormat.allCases.map { "graph.\($0.fileExtension)" }.joined(separator: ", ")) to \(out)\n".utf8)) }
        }
        if !summary.problems.isEmpty { throw Exit.skipped }
    }
}

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add articles to the store; articles already stored are skipped.")

    @Argument(help: "Files or folders: .txt, .html, .jsonl (optionally .gz).")
    var inputs: [String]

    @OptionGroup var store: StoreOptions
    @OptionGroup var common: CommonOptions
    @OptionGroup var input: InputOptions

    func run() throws {
        var summary = IngestSummary()
        try guarded {
            var options = Workflows.Options()
            options.ontology = common.ontology
            options.strict = input.strict
            options.maxArticleBytes = input.maxArticleMb * 1_000_000
            let observer = TerminalObserver(quiet: common.quiet, verbose: common.verbose)
            summary = try Workflows.ingest(inputs, storePath: store.db, options: options, observer: observer)
            observer.finish(summary)
        }
        if !summary.problems.isEmpty { throw Exit.skipped }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the store as GraphML, RDF/XML, JSON-LD, N-Triples or Turtle.")

    @Option(help: "graphml | rdfxml | jsonld | ntriples | turtle (or a file extension or media type); omit to write every format into --out as a folder.")
    var format: String?

    @Option(help: "The output file (with --format) or folder.")
    var out: String

    @Option(help: "The base IRI of the graph's nodes.")
    var base: String = IRIMinter.defaultBase

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let format, GraphFormat(name: format) == nil {
            throw ValidationError("unknown format '\(format)'; use \(GraphFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        try guarded {
            _ = try IRIMinter(base: base)
            if let format, let f = GraphFormat(name: format) {
                try Workflows.export(storePath: store.db, formats: [f], out: out, asDirectory: false, base: base)
            } else {
                try Workflows.export(storePath: store.db, formats: GraphFormat.allCases, out: out, asDirectory: true, base: base)
            }
        }
    }
}

// MARK: - Queries

func openQueries(_ db: String) throws -> GraphQueries {
    GraphQueries(store: try GraphStore(path: db, readOnly: true))
}

/// An entity as candidates are listed: `Fumio Kishida (Person, person/fumio-kishida)`.
func describe(_ ref: EntityRef) -> String { "\(ref.label) (\(ref.type.rawValue), \(ref.key))" }

/// Explains that no entity has this name, with the nearest spellings if there are any.
func reportUnknown(_ name: String, _ queries: GraphQueries) throws {
    let near = try queries.suggestions(for: name)
    if near.isEmpty {
        printError("no entity is called '\(name)'; `newsgraph entities` lists them all")
    } else {
        printError("no entity is called '\(name)'; did you mean " + near.map(describe).joined(separator: ", or ") + "?")
    }
}

/// Resolves a name to exactly one entity, or explains: unknown names exit 1, ambiguous ones
/// (a usage error) 64.
func resolveOne(_ name: String, _ queries: GraphQueries, type: EntityType? = nil) throws -> EntityRef {
    let found = try queries.resolve(name, type: type)
    if found.count == 1 { return found[0] }
    if found.isEmpty {
        try reportUnknown(name, queries)
        throw Exit.noMatch
    }
    // Several: an exact label match of one wins, else ask.
    let exact = found.filter { $0.label.lowercased() == name.lowercased() }
    if exact.count == 1 { return exact[0] }
    printError("'\(name)' is ambiguous; it could be " + found.map(describe).joined(separator: ", or ")
               + ". Give a fuller name or the id, e.g. '\(found[0].key)'")
    throw ExitCode.validationFailure
}

/// `--type`: one of the entity types, any case.
func parseType(_ type: String?) throws -> EntityType? {
    guard let type else { return nil }
    guard let t = EntityType(caseInsensitive: type) else {
        throw ValidationError("unknown type '\(type)'; use Person, Country, Organization, Place or Treaty")
    }
    return t
}

/// `--since` and `--until`: a year, a month or a day.
func checkDate(_ value: String?, _ option: String) throws {
    guard let value else { return }
    if value.wholeMatch(of: /[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?/) == nil {
        throw ValidationError("\(option) takes a date as YYYY, YYYY-MM or YYYY-MM-DD, not '\(value)'")
    }
}

func emit(_ table: ResultTable, _ format: OutputFormat) {
    FileHandle.standardOutput.write(Data(table.render(format).utf8))
}

struct Entities: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List entities, with their aliases and the articles that mention them.")

    @Argument(help: "Only entities with this name or alias.")
    var name: String?

    @Option(help: "Person | Country | Organization | Place | Treaty")
    var type: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func validate() throws {
        _ = try parseType(type)
    }

    func run() throws {
        let format = try output.resolved()
        let entityType = try parseType(type)
        var count = 0
        try guarded {
            let queries = try openQueries(store.db)
            var ids: [Int64]?
            if let name {
                let refs = try queries.resolve(name, type: entityType)
                if refs.isEmpty {
                    try reportUnknown(name, queries)
                    throw Exit.noMatch
                }
                ids = refs.map(\.id)
            }
            count = try EntityListing.write(queries, type: entityType, ids: ids, format: format) { print($0, terminator: "") }
        }
        if count == 0 {
            printError(entityType.map { "the store holds no entity of type \($0.rawValue)" } ?? "the store holds no entities yet")
            throw Exit.noMatch
        }
    }
}

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find relations: who did what to whom, according to which articles.",
        discussion: """
            Patterns:
              'Russia -> Japan'                 anything Russia did to Japan
              '? -[impose_sanctions]-> Russia'  who imposed sanctions on Russia
              'Kishida -[*]-> ?'                everything Kishida did
              Kishida                           the same
            With no pattern, every relation is printed. Names resolve through aliases, case-insensitively.

            Exit codes: 0 found, 1 no match, 64 usage error or ambiguous name, 3 failure.
            """)

    @Argument(help: "A pattern: SUBJECT -> OBJECT, SUBJECT -[ACTION]-> OBJECT; ? or * for anything.")
    var pattern: String?

    @Option(help: "Only subjects of this type.")
    var type: String?

    @Option(help: "An action label, a CAMEO code or prefix, or a PLOVER category.")
    var action: String?

    @Option(help: "Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    var since: String?

    @Option(help: "Events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    var until: String?

    @Option(help: "Only relations reported by this article (file name or id).")
    var source: String?

    @Option(help: "Only relations reported by at least N articles.")
    var minSources: Int = 0

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func validate() throws {
        _ = try parsedPattern()
        _ = try parseType(type)
        try checkDate(since, "--since")
        try checkDate(until, "--until")
        if minSources < 0 { throw ValidationError("--min-sources must be 0 or more") }
    }

    func parsedPattern() throws -> QueryPattern? {
        guard let pattern else { return nil }
        do { return try QueryPattern(pattern) } catch let error as QueryPattern.ParseError { throw ValidationError(error.description) }
    }

    func run() throws {
        let format = try output.resolved()
        var count = 0
        try guarded {
            let queries = try openQueries(store.db)
            var filter = GraphQueries.RelationFilter()
            var actionTerms: [String] = []
            if let parsed = try parsedPattern() {
                if let s = parsed.subject { filter.subjects = [try resolveOne(s, queries).id] }
                if let o = parsed.object { filter.objects = [try resolveOne(o, queries).id] }
                if let a = parsed.action { actionTerms.append(a) }
            }
            if let action { actionTerms.append(action) }
            if let t = try parseType(type) {
                filter.subjectTypes = [t]
            }
            for term in actionTerms {
                let matched = try ActionCatalog.labels(matching: term, queries: queries)
                filter.actions = filter.actions.map { Array(Set($0).intersection(matched)) } ?? matched
            }
            filter.since = since
            filter.until = until
            filter.source = source
            filter.minSources = minSources
            count = try RelationListing.write(queries, filter, format: format) { print($0, terminator: "") }
        }
        if count == 0 {
            printError("no relation matches")
            throw Exit.noMatch
        }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show an entity: aliases, identifiers, and its relations in and out with counts.")

    @Argument(help: "A name, alias or id.")
    var entity: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let format = try output.resolved()
        try guarded {
            let queries = try openQueries(store.db)
            let ref = try resolveOne(entity, queries)
            let report = try EntityReport.make(for: ref, queries: queries)
            FileHandle.standardOutput.write(Data(report.render(format).utf8))
        }
    }
}

struct Sources: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the articles and evidence sentences behind a relation.")

    @Argument(help: "A relation id as printed by `query` (action/… or relation/…).")
    var relation: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let format = try output.resolved()
        var rows: [RelationRow] = []
        try guarded {
            var filter = GraphQueries.RelationFilter()
            filter.ids = [relation]
            rows = try openQueries(store.db).relations(filter)
        }
        guard let row = rows.first else {
            printError("no relation has the id '\(relation)'; `newsgraph query` prints the ids")
            throw Exit.noMatch
        }
        var table = ResultTable(columns: ["article", "start", "end", "evidence"],
                                rows: row.sources.map { [$0.article, String($0.start), String($0.end), $0.evidence] },
                                objects: row.sources.map { ["article": $0.article, "title": $0.title ?? NSNull(), "start": $0.start, "end": $0.end, "evidence": $0.evidence] })
        table.maxCell = nil  // the evidence is what was asked for
        emit(table, format)
    }
}

struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "path", abstract: "The shortest chain of relations connecting two entities.")

    @Argument var from: String
    @Argument var to: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let format = try output.resolved()
        var steps: [RelationRow] = []
        try guarded {
            let queries = try openQueries(store.db)
            let a = try resolveOne(from, queries)
            let b = try resolveOne(to, queries)
            if a.id == b.id {
                printError("'\(from)' and '\(to)' are the same entity, \(describe(a))")
                throw Exit.noMatch
            }
            steps = try queries.shortestPath(from: a.id, to: b.id)
            if steps.isEmpty {
                printError("no chain of up to 6 relations connects \(a.label) and \(b.label)")
                throw Exit.noMatch
            }
        }
        emit(ResultTable(columns: RelationRow.tableColumns, rows: steps.map(\.tableRow), objects: steps.map(\.jsonObject)), format)
    }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Counts of articles, entities by type, events, relations and evidence.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let format = try output.resolved()
        try guarded {
            let counts = try openQueries(store.db).statistics()
            emit(ResultTable(columns: ["what", "count"], rows: counts.map { [$0.0, String($0.1)] },
                             objects: counts.map { ["what": $0.0, "count": $0.1] }), format)
        }
    }
}

struct OntologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ontology",
        abstract: "Write the ontology (newsgraph.ttl and newsgraph.rdf) for the action types of the lexicon.",
        discussion: "Run it after adding action types to lexicon/action-types.tsv, so the ontology defines them.")

    @Option(help: "The ontology folder to read the lexicon from.")
    var ontology: String?

    @Option(help: "The folder to write into.")
    var out: String = "ontology"

    func run() throws {
        try guarded { try Workflows.writeOntology(ontology: ontology, out: out) }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how articles are read: blocks left out, sentences, mentions and actions (no store).")

    @Argument(help: "Files or folders.")
    var inputs: [String]

    @Option(help: "The ontology folder.")
    var ontology: String?

    func run() throws {
        try guarded {
            let pipeline = try ArticlePipeline(ontology: try OntologyDirectory.locate(ontology))
            let reader = InputReader()
            let (files, problems) = reader.files(inputs)
            for p in problems { printError("\(p)") }
            for (path, name) in files {
                try reader.read(path: path, name: name, article: { print(pipeline.explain($0)) }, problem: { printError("\($0)") })
            }
        }
    }
}

NewsGraphCommand.main()
