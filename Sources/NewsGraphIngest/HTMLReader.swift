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
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue)
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

    /// `html` without its document type declarations (`<!DOCTYPE …>` with any internal subset
    /// `[…]`, quoted strings and comments inside it respected) and without references to the
    /// general entities such a subset declared. Linear in the input; an unterminated
    /// declaration ends at its first `>`.
    static func withoutDocumentType(_ bytes: [UInt8]) -> [UInt8] {
        let doctype = Array("doctype".utf8)
        func isDoctype(at i: Int) -> Bool {
            guard i + 9 <= bytes.count, bytes[i] == 0x3C, bytes[i + 1] == 0x21 else { return false }
            for k in 0..<7 where bytes[i + 2 + k] | 0x20 != doctype[k] { return false }
            return true
        }
        func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x3A
                || b == 0x2E || b == 0x2D || b >= 0x80
        }
        guard bytes.contains(0x3C) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var declared = Set<[UInt8]>()
        let entity = Array("<!ENTITY".utf8)
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c == 0x3C && isDoctype(at: i) {
                var j = i + 9
                var quote: UInt8? = nil
                var depth = 0
                var firstClose: Int? = nil
                var end: Int? = nil
                while j < n {
                    let b = bytes[j]
                    if b == 0x3E && firstClose == nil { firstClose = j }
                    if let q = quote {
                        if b == q { quote = nil }
                    } else if depth > 0 && b == 0x3C && j + 3 < n && bytes[j + 1] == 0x21 && bytes[j + 2] == 0x2D && bytes[j + 3] == 0x2D {
                        // A comment inside the internal subset: skip to its end.
                        var k = j + 4
                        while k + 2 < n && !(bytes[k] == 0x2D && bytes[k + 1] == 0x2D && bytes[k + 2] == 0x3E) { k += 1 }
                        j = k + 2
                    } else if depth > 0 && b == 0x3C && j + entity.count <= n && Array(bytes[j..<(j + entity.count)]) == entity {
                        var k = j + entity.count
                        while k < n && (bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A || bytes[k] == 0x0D) { k += 1 }
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
                        end = j
                        break
                    }
                    j += 1
                }
                guard let stop = end ?? firstClose else { break } // nothing closes it: the rest is the declaration
                i = stop + 1
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
            out.append(c)
            i += 1
        }
        return out
    }
}
