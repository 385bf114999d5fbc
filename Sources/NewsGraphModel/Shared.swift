/// A read-only value behind a reference. The rule passes keep their large read-only inputs
/// (lexicons, the analyzed document) in one: a stored struct field read from a `mutating`
/// method is copied byte for byte before every call on it (600 bytes for the entity lexicon,
/// per token), while a class's `let` is read in place.
public final class Shared<Value> {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}

extension Shared: Sendable where Value: Sendable {}
