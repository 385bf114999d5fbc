#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Byte-wise substring test on UTF-8 (memchr and memcmp). Foundation's `contains` goes
    /// through CFString and dominated ingest profiles; the lexicon phrases are plain UTF-8.
    public func containsBytes(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard h.count >= n.count, let hBase = h.baseAddress, let nBase = n.baseAddress else { return false }
                let first = Int32(n[0])
                var offset = 0
                let last = h.count - n.count
                while offset <= last {
                    guard let found = memchr(hBase + offset, first, last - offset + 1) else { return false }
                    let position = hBase.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hBase + position, nBase, n.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }
}
