/// What the dashboard accepts from a client before refusing it: sizes answered at once with
/// their status (414, 431, 413, 400) and times after which a connection is cut off (408, or
/// closed when idle). Generous for the pages, the API and its small JSON writes; small enough
/// that a client cannot make the server read, hold or echo much.
public struct ServerLimits: Sendable {
    /// The request line (`GET /path?query HTTP/1.1`), in bytes: longer is 414.
    public var requestLine: Int
    /// The request line and the header fields together, in bytes: more is 431.
    public var head: Int
    /// A request body, in bytes (the writes send a line of JSON): more is 413.
    public var body: Int
    /// A query parameter's name or value once decoded, in bytes: longer is 400.
    public var queryParameter: Int
    /// From a request's first byte to its last: a slower client gets 408 and is cut off.
    public var requestTimeout: Duration
    /// How long a kept-alive connection may wait for its next request.
    public var idleTimeout: Duration
    /// Connections served at once; more wait to be accepted.
    public var connections: Int

    public init(requestLine: Int = 8 * 1024, head: Int = 32 * 1024, body: Int = 16 * 1024, queryParameter: Int = 1024,
                requestTimeout: Duration = .seconds(15), idleTimeout: Duration = .seconds(60), connections: Int = 256) {
        self.requestLine = requestLine
        self.head = head
        self.body = body
        self.queryParameter = queryParameter
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.connections = connections
    }
}
