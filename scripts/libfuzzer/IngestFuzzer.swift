// A libFuzzer target for the readers of NewsGraphIngest (decoding, HTML with its DOCTYPE and
// entity pre-pass, JSON Lines, the line reader, normalization, document building).
// Built and run by `scripts/fuzz.sh --libfuzzer` (see ROBUSTNESS.md); not part of the package.
//
// The first input byte picks the file kind; the rest is the file. Every input goes through
// the public InputReader exactly as a file on disk would, then every article through
// DocumentBuilder. A crash, a sanitizer report or a hang is a finding; problems are expected.
import Foundation
import NewsGraphIngest

let workDirectory: String = {
    let dir = NSTemporaryDirectory() + "newsgraph-libfuzzer-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()

let builder: DocumentBuilder = {
    let ontology = ProcessInfo.processInfo.environment["NEWSGRAPH_ONTOLOGY"] ?? "ontology"
    let rules = (try? BoilerplateRules(path: ontology + "/lexicon/boilerplate.tsv")) ?? BoilerplateRules()
    return DocumentBuilder(rules: rules)
}()

let kinds = ["txt", "html", "jsonl", "xml", "txt.gz", "jsonl.gz"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let kind = kinds[Int(data[0]) % kinds.count]
    let body = Data(bytes: data + 1, count: size - 1)
    let path = workDirectory + "/input." + kind
    do { try body.write(to: URL(fileURLWithPath: path)) } catch { return 0 }
    let reader = InputReader(limits: IngestLimits(maxArticleBytes: 200_000))
    do {
        try reader.read(path: path, name: "input." + kind, article: { raw in
            let document = builder.build(raw)
            precondition(document.offsetMap.count == document.text.count + 1, "offset map out of step")
            for block in document.blocks { precondition(block.range.upperBound <= document.text.count, "block out of range") }
        }, problem: { problem in
            precondition(problem.path == path && !problem.message.isEmpty && !problem.hint.isEmpty, "problem without a file or a hint")
        })
    } catch let problem as InputProblem {
        precondition(problem.path == path && !problem.message.isEmpty && !problem.hint.isEmpty, "problem without a file or a hint")
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
    let text = String(decoding: body, as: UTF8.self)
    let normalized = Normalizer.normalize(text)
    precondition(normalized.offsetMap.count == normalized.text.count + 1, "normalizer offset map out of step")
    return 0
}
