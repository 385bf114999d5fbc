/// An action type of `ontology/lexicon/action-types.tsv`: a SKOS concept with its CAMEO code
/// and PLOVER category, or a stative relation.
public struct ActionType: Sendable, Equatable {
    public enum Kind: String, Sendable { case event, state }

    public var label: String
    public var cameo: String
    public var plover: String
    public var kind: Kind
    public var symmetric: Bool
    public var target: String
    public var description: String

    public init(label: String, cameo: String, plover: String, kind: Kind, symmetric: Bool, target: String, description: String) {
        self.label = label
        self.cameo = cameo
        self.plover = plover
        self.kind = kind
        self.symmetric = symmetric
        self.target = target
        self.description = description
    }

    /// Loads the table, checking that labels can be IRI local names and codes are strings of digits.
    public static func load(path: String) throws -> [ActionType] {
        let table = try TSVTable(path: path, required: ["label", "cameo", "plover", "kind"])
        var out: [ActionType] = []
        var seen = Set<String>()
        for row in table.rows {
            let label = row["label"]
            guard let first = label.unicodeScalars.first, first.properties.isLowercase, first.isASCII,
                  label.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isLowercase || ($0.value >= 0x30 && $0.value <= 0x39))) || $0 == "_" }) else {
                throw TSVTable.LoadError(path: path, line: row.line, message: "the label '\(label)' must be lower-case ASCII letters, digits and underscores, starting with a letter")
            }
            guard seen.insert(label).inserted else {
                throw TSVTable.LoadError(path: path, line: row.line, message: "the label '\(label)' is defined twice")
            }
            guard let kind = Kind(rawValue: row["kind"]) else {
                throw TSVTable.LoadError(path: path, line: row.line, message: "kind must be 'event' or 'state', not '\(row["kind"])'")
            }
            let cameo = row["cameo"]
            if kind == .event && (cameo.isEmpty || !cameo.allSatisfy(\.isNumber)) {
                throw TSVTable.LoadError(path: path, line: row.line, message: "the CAMEO code '\(cameo)' of '\(label)' must be digits (keep the leading zero)")
            }
            out.append(ActionType(label: label, cameo: cameo, plover: row["plover"], kind: kind, symmetric: row["symmetric"] == "yes",
                                  target: row["target"], description: row["description"]))
        }
        return out
    }
}
