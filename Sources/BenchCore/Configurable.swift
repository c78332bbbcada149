/// An options value built field by field, with every field defaulted:
/// `CheckOptions { $0.model = "classifier"; $0.against = .parent }`. One initializer for
/// every options type instead of a memberwise one written out by hand for each.
public protocol Configurable {
    /// Every field at its default.
    init()
}

extension Configurable {
    /// The defaults, then what `configure` sets.
    public init(_ configure: (inout Self) throws -> Void) rethrows {
        self.init()
        try configure(&self)
    }
}
