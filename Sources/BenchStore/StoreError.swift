/// A store failure: what went wrong, with the database's own code and message.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The store cannot be opened (missing directory, permissions, wrong password).
        case unavailable
        /// The shared store's server cannot be reached (down, wrong host, timeout): a write
        /// can wait in the outbox.
        case unreachable
        /// A series, version or transaction that the request names does not exist.
        case notFound
        /// The request conflicts with the data (e.g. checking out an inactive version).
        case conflict
        /// The database refused a write that broke one of its constraints: a bug or a
        /// damaged store, not the user's input.
        case constraint
        /// The store's schema is newer than this bench understands.
        case schemaTooNew
        /// The database user may not do this (a reader recording, say).
        case permission
        /// Anything else the database reported.
        case database
    }

    public var kind: Kind
    public var message: String
    /// SQLite's result code or PostgreSQL's SQLSTATE, when the database gave one.
    public var code: String?
    public var hint: String?

    public init(kind: Kind, message: String, code: String? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
        self.hint = hint
    }

    public var description: String { code.map { "\(message) (\($0))" } ?? message }
}
