import CLibXML2

/// Extracts an article from HTML with libxml2's HTML parser: no network, no entity
/// expansion, errors recovered. Scripts, styles, navigation, forms, iframes, comments and
/// figure captions are dropped; block elements become paragraphs. A document type
/// declaration, with any internal subset (entity declarations: external entities, entity
/// bombs), is cut out before parsing, and references to the entities it declared are
/// dropped: nothing is fetched, nothing is expanded, and no declaration leaks into the text.
enum HTMLReader {
    static let skipped: Set<String> = [
        "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe", "frame", "frameset",
        "svg", "math", "button", "select", "input", "textarea", "figure", "figcaption", "menu", "object", "embed",
        "canvas", "video", "audio", "head", "dialog",
    ]
    static let blocks: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br", "tr", "table", "blockquote", "article",
        "section", "pre", "dd", "dt", "dl", "header", "main", "hr", "address", "time",
    ]

    static func read(_ html: String, sourceName: String, path: String) throws -> RawArticle {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue
            // No depth limit (libxml2 stops at 256 levels otherwise and drops the rest of the
            // page); the input is already bounded by --max-article-mb, and the parser and
            // the tree walks below are iterative.
            | XML_PARSE_HUGE.rawValue)
        var bytes = withoutDocumentType(Array(html.utf8))
        if bytes.isEmpty { bytes = [0x20] }
        let parsed: htmlDocPtr? = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), path, "UTF-8", options)
            }
        }
        guard let doc = parsed else {
            throw InputProblem(.malformed, path: path, message: "libxml2 could not parse the HTML", hint: "check that the file is HTML")
        }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else {
            throw InputProblem(.empty, path: path, message: "the HTML has no content", hint: "check that the file is a complete page")
        }
        var meta = Metadata()
        collectMetadata(root, into: &meta)
        // Prefer the article body when the page marks it.
        let body = findArticle(root) ?? root
        var text = TextCollector()
        collectText(body, into: &text)
        let paragraphs = text.paragraphs()
        if paragraphs.allSatisfy(Normalizer.isBlank) {
            throw InputProblem(.empty, path: path, message: "the HTML has no article text", hint: "check that the file is a complete page")
        }
        var title = meta.ogTitle ?? meta.title
        // Drop a title that repeats the first heading.
        if let t = title, paragraphs.first?.trimmingSpaces() == t.trimmingSpaces() { title = nil }
        var metadata: [String: String] = [:]
        if let d = meta.description { metadata["description"] = d }
        return RawArticle(sourceName: sourceName, text: paragraphs.joined(separator: "\n\n"), title: title,
                          published: meta.published.flatMap(DateParsing.isoDate), url: meta.url, outlet: meta.siteName,
                          metadata: metadata, origin: path)
    }

    struct Metadata {
        var title: String?
        var ogTitle: String?
        var siteName: String?
        var published: String?
        var url: String?
        var description: String?
    }

    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { ngxml_free(value) }
        return String(cString: value)
    }

    static func children(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        var child = node.pointee.children
        while let c = child {
            out.append(c)
            child = c.pointee.next
        }
        return out
    }

    static func textContent(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { ngxml_free(content) }
        return String(cString: content)
    }

    /// Every node of the tree under `root` in document order, without recursion (a page
    /// nested a hundred thousand levels deep must not overflow the stack). `enter` returns
    /// false to skip a node's children.
    static func walk(_ root: xmlNodePtr, enter: (xmlNodePtr) -> Bool) {
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            guard enter(node) else { continue }
            stack.append(contentsOf: children(node).reversed())
        }
    }

    static func collectMetadata(_ root: xmlNodePtr, into meta: inout Metadata) {
        walk(root) { node in
            guard node.pointee.type == XML_ELEMENT_NODE else { return false }
            switch name(node) {
            case "title":
                if meta.title == nil { meta.title = textContent(node).trimmingSpaces() }
            case "meta":
                let key = (attribute(node, "property") ?? attribute(node, "name") ?? attribute(node, "itemprop") ?? "").lowercased()
                let content = attribute(node, "content")
                switch key {
                case "og:title", "twitter:title": meta.ogTitle = meta.ogTitle ?? content
                case "og:site_name", "application-name": meta.siteName = meta.siteName ?? content
                case "article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued":
                    meta.published = meta.published ?? content
                case "og:url": meta.url = meta.url ?? content
                case "description", "og:description": meta.description = meta.description ?? content
                default: break
                }
            case "link":
                if attribute(node, "rel")?.lowercased() == "canonical" { meta.url = meta.url ?? attribute(node, "href") }
            case "time":
                if meta.published == nil, let dt = attribute(node, "datetime") { meta.published = dt }
            default: break
            }
            return true
        }
        if let t = meta.title, Normalizer.isBlank(t) { meta.title = nil }
        if let t = meta.ogTitle, Normalizer.isBlank(t) { meta.ogTitle = nil }
    }

    static func findArticle(_ root: xmlNodePtr) -> xmlNodePtr? {
        var found: xmlNodePtr?
        walk(root) { node in
            guard found == nil, node.pointee.type == XML_ELEMENT_NODE else { return false }
            if node != root && skipped.contains(name(node)) { return false }
            if name(node) == "article" || attribute(node, "itemprop") == "articleBody" {
                found = node
                return false
            }
            return true
        }
        return found
    }

    struct TextCollector {
        var current = ""
        var done: [String] = []

        mutating func breakParagraph() {
            let t = current.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
            if !t.isEmpty { done.append(t) }
            current = ""
        }

        mutating func paragraphs() -> [String] {
            breakParagraph()
            return done
        }
    }

    static func collectText(_ root: xmlNodePtr, into text: inout TextCollector) {
        enum Step {
            case enter(xmlNodePtr)
            case leave(block: Bool)
        }
        var stack: [Step] = [.enter(root)]
        while let step = stack.popLast() {
            switch step {
            case let .leave(block):
                if block { text.breakParagraph() }
            case let .enter(node):
                switch node.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = node.pointee.content { text.current += String(cString: content) }
                case XML_ELEMENT_NODE:
                    let n = name(node)
                    if skipped.contains(n) { continue }
                    if attribute(node, "hidden") != nil || attribute(node, "aria-hidden") == "true" { continue }
                    let block = blocks.contains(n)
                    if block { text.breakParagraph() }
                    stack.append(.leave(block: block))
                    for child in children(node).reversed() { stack.append(.enter(child)) }
                default:
                    break // comments, processing instructions, DTD nodes, entity references
                }
            }
        }
    }

    /// `html` made safe and plain for the parser, in one linear pass:
    /// - the document type declaration of the prolog (`<!DOCTYPE …>` with any internal
    ///   subset `[…]`, its quoted strings and comments respected) is cut out, and references
    ///   to the general entities it declared are dropped: they are never expanded;
    /// - `<![CDATA[…]]>` sections become escaped text (in XML files they are text);
    /// - other `<!…>` markup (a declaration outside the prolog) is a bogus comment, as in
    ///   HTML5, and is dropped up to its `>`;
    /// - comments pass through for libxml2 (which drops them), unscanned.
    static func withoutDocumentType(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0x3C) else { return bytes }
        let n = bytes.count
        func starts(_ literal: String, at i: Int, caseInsensitive: Bool = false) -> Bool {
            let l = Array(literal.utf8)
            guard i + l.count <= n else { return false }
            for k in 0..<l.count {
                let b = bytes[i + k]
                if caseInsensitive ? (b | 0x20) != (l[k] | 0x20) : b != l[k] { return false }
            }
            return true
        }
        func find(_ literal: String, from i: Int) -> Int? {
            let l = Array(literal.utf8)
            var k = i
            while k + l.count <= n {
                if bytes[k] == l[0] && starts(literal, at: k) { return k }
                k += 1
            }
            return nil
        }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
        func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x3A
                || b == 0x2E || b == 0x2D || b >= 0x80
        }
        /// The end (index of `>`) of a declaration starting at `i`, skipping quoted strings,
        /// a `[…]` subset and comments inside it; general entity names declared in it go to
        /// `declared`. Nil when nothing closes it.
        func declarationEnd(from i: Int, declared: inout Set<[UInt8]>) -> Int? {
            var j = i
            var quote: UInt8? = nil
            var depth = 0
            while j < n {
                let b = bytes[j]
                if let q = quote {
                    if b == q { quote = nil }
                } else if depth > 0 && b == 0x3C && starts("<!--", at: j) {
                    guard let close = find("-->", from: j + 4) else { return nil }
                    j = close + 2
                } else if depth > 0 && b == 0x3C && starts("<!ENTITY", at: j) {
                    var k = j + 8
                    while k < n && isSpace(bytes[k]) { k += 1 }
                    if k < n && bytes[k] != 0x25 { // `%`: a parameter entity, never referenced from text
                        let nameStart = k
                        while k < n && isNameByte(bytes[k]) { k += 1 }
                        if k > nameStart { declared.insert(Array(bytes[nameStart..<k])) }
                    }
                    j = k - 1
                } else if b == 0x22 || b == 0x27 {
                    quote = b
                } else if b == 0x5B {
                    depth += 1
                } else if b == 0x5D {
                    depth = max(0, depth - 1)
                } else if b == 0x3E && depth == 0 {
                    return j
                }
                j += 1
            }
            return nil
        }

        var out: [UInt8] = []
        out.reserveCapacity(n)
        var declared = Set<[UInt8]>()
        var inProlog = true
        var i = 0
        while i < n {
            let c = bytes[i]
            if c == 0x3C && i + 1 < n && bytes[i + 1] == 0x21 { // `<!`
                if starts("<!--", at: i) {
                    let end = (find("-->", from: i + 4).map { $0 + 3 }) ?? n
                    out.append(contentsOf: bytes[i..<end])
                    i = end
                    continue
                }
                if starts("<![CDATA[", at: i) {
                    let close = find("]]>", from: i + 9)
                    for b in bytes[(i + 9)..<(close ?? n)] {
                        switch b {
                        case 0x26: out.append(contentsOf: Array("&amp;".utf8))
                        case 0x3C: out.append(contentsOf: Array("&lt;".utf8))
                        case 0x3E: out.append(contentsOf: Array("&gt;".utf8))
                        default: out.append(b)
                        }
                    }
                    i = close.map { $0 + 3 } ?? n
                    inProlog = false
                    continue
                }
                if inProlog && starts("<!doctype", at: i, caseInsensitive: true) {
                    // One declaration only; the first `>` closes it when nothing else does (an
                    // unterminated quote or subset).
                    inProlog = false
                    let end = declarationEnd(from: i + 9, declared: &declared) ?? bytes[(i + 9)...].firstIndex(of: 0x3E)
                    guard let end else { break }
                    i = end + 1
                    continue
                }
                // A bogus comment: `<!ELEMENT …>`, `<!DOCTYPE …>` in the body, `<![if …]>`.
                guard let end = bytes[(i + 2)...].firstIndex(of: 0x3E) else { break }
                i = end + 1
                continue
            }
            if c == 0x3C && i + 1 < n && bytes[i + 1] == 0x3F { // `<?…?>`: the XML declaration, a processing instruction
                let end = (find("?>", from: i + 2).map { $0 + 2 }) ?? n
                out.append(contentsOf: bytes[i..<end])
                i = end
                continue
            }
            if c == 0x26 && !declared.isEmpty {
                var k = i + 1
                while k < n && isNameByte(bytes[k]) { k += 1 }
                if k < n && bytes[k] == 0x3B && k > i + 1 && declared.contains(Array(bytes[(i + 1)..<k])) {
                    i = k + 1
                    continue
                }
            }
            if inProlog && !isSpace(c) && c != 0x3C && !(c == 0xEF || c == 0xBB || c == 0xBF) { inProlog = false }
            if inProlog && c == 0x3C { inProlog = false }
            out.append(c)
            i += 1
        }
        return out
    }
}
