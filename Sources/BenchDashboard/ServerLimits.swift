/// What the dashboard accepts from a client before refusing it: sizes answered with their
/// status (413, 400). Generous for the pages, the API and its small JSON writes; small
/// enough that a client cannot make the server read or echo much.
public struct ServerLimits: Sendable {
    /// A request body, in bytes (the writes send a line of JSON): more is 413.
    public var body: Int
    /// A query parameter's name or value once decoded, in bytes: longer is 400.
    public var queryParameter: Int

    public init(body: Int = 16 * 1024, queryParameter: Int = 1024) {
        self.body = body
        self.queryParameter = queryParameter
    }
}
