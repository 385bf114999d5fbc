import Foundation
import Testing

/// Compares `actual` with the golden file `Snapshots/<name>.<ext>` in the source tree. When the
/// file is missing, or `RECORD_SNAPSHOTS=1` is set, it writes the file and fails the test, so a
/// recording never passes unnoticed.
func assertSnapshot(_ actual: String, named name: String, ext: String = "txt",
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let url = Paths.snapshots.appendingPathComponent("\(name).\(ext)")
    let record = ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"]?.lowercased() ?? "")
    guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
        do {
            try FileManager.default.createDirectory(at: Paths.snapshots, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("Recorded Snapshots/\(url.lastPathComponent); check it, then run the tests again without RECORD_SNAPSHOTS",
                         sourceLocation: sourceLocation)
        } catch {
            Issue.record("Cannot write the snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard actual != expected else { return }
    // Show the first line that differs, with a little context.
    let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
    let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
    let context = max(0, line - 2)..<line
    var report = "Output differs from Snapshots/\(url.lastPathComponent) at line \(line + 1) (RECORD_SNAPSHOTS=1 re-records):\n"
    for i in context { report += "  \(e[i])\n" }
    report += "- \(line < e.count ? e[line] : "<end of file>")\n+ \(line < a.count ? a[line] : "<end of output>")"
    Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
}
