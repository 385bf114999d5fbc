import CLibXML2

/// Extracts an article from HTML with libxml2's HTML parser: no network, no entity
/// expansion, errors recovered. Scripts, styles, navigation, forms, iframes and figure
/// captions are dropped; block elements become paragraphs.
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
        var bytes = Array(html.utf8)
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
        if paragraphs.isEmpty {
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

    static func collectMetadata(_ node: xmlNodePtr, into meta: inout Metadata) {
        guard node.pointee.type == XML_ELEMENT_NODE else { return }
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
        for child in children(node) { collectMetadata(child, into: &meta) }
    }

    static func findArticle(_ node: xmlNodePtr) -> xmlNodePtr? {
        guard node.pointee.type == XML_ELEMENT_NODE else { return nil }
        let n = name(node)
        if n == "article" || attribute(node, "itemprop") == "articleBody" { return node }
        for child in children(node) where !skipped.contains(name(child)) {
            if let found = findArticle(child) { return found }
        }
        return nil
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

    static func collectText(_ node: xmlNodePtr, into text: inout TextCollector, depth: Int = 0) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content { text.current += String(cString: content) }
        case XML_ELEMENT_NODE:
            let n = name(node)
            if skipped.contains(n) || depth > 256 { return }
            if attribute(node, "hidden") != nil || attribute(node, "aria-hidden") == "true" { return }
            let block = blocks.contains(n)
            if block { text.breakParagraph() }
            for child in children(node) { collectText(child, into: &text, depth: depth + 1) }
            if block { text.breakParagraph() }
        default:
            break // comments, processing instructions, DTD nodes
        }
    }
}
