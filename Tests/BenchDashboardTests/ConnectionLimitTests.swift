import BenchDashboard
import BenchTestSupport
import Foundation
import Hummingbird
import Testing

/// The limits a real server applies on its connections, seen from a raw socket: sizes
/// answered at once, and slow or idle clients cut off.
@Suite struct ConnectionLimitTests {
    /// Short times, so that cutting a client off takes a second or two.
    static let limits = ServerLimits(requestTimeout: .seconds(1), idleTimeout: .seconds(2))

    /// Runs the dashboard on a free loopback port for the time of `body`.
    static func withServer(_ body: (Int) async throws -> Void) async throws {
        let setup = try DashboardTests.Fixture()
        var options = setup.options
        options.port = 0
        options.limits = limits
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Dashboard.application(options) { continuation.yield($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.runService() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(port)
            group.cancelAll()
        }
    }

    @Test func requestsTooLargeAreAnsweredAtOnce() async throws {
        try await Self.withServer { port in
            let cases: [(String, Data, Int)] = [
                ("a 10 MB request line", Data(("GET /?q=" + String(repeating: "a", count: 10_000_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").utf8), 414),
                ("40 KB of headers", Data(("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 40_000) + "\r\n\r\n").utf8), 431),
                ("a 10 MB body", Data(("POST /api/checkout HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n" + String(repeating: "a", count: 10_000_000)).utf8), 413),
                ("a chunked body past the limit", Data(("POST /api/checkout HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + String(repeating: "4000\r\n" + String(repeating: "a", count: 0x4000) + "\r\n", count: 4) + "0\r\n\r\n").utf8), 413),
            ]
            for (name, request, status) in cases {
                let exchange = await RawHTTP.exchange(port: port, [request])
                #expect(exchange.status == status, "\(name): \(exchange.response.prefix(80))")
                #expect((exchange.closedAfter ?? 99) < 5, "\(name) is answered and closed at once: \(String(describing: exchange.closedAfter))")
                #expect(exchange.response.contains("X-Content-Type-Options: nosniff"), "\(name): with the security headers")
            }
        }
    }

    /// One connection serves requests one after the other, each measured from its own start.
    @Test func keptAliveConnectionsAreMeasuredPerRequest() async throws {
        try await Self.withServer { port in
            let get = "GET /api/current HTTP/1.1\r\nHost: x\r\n\r\n"
            let post = "POST /api/baseline HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(DashboardTests.token)\r\nContent-Type: application/json\r\n"
                + "Content-Length: 30\r\n\r\n{\"model\": \"clf\", \"version\": 1}"
            let long = "GET /?q=" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"
            let exchange = await RawHTTP.exchange(port: port, [Data(get.utf8), Data(post.utf8), Data(get.utf8), Data(long.utf8)], pause: 0.3)
            let statuses = exchange.response.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.prefix(3) }
            #expect(statuses == ["200", "200", "200", "414"], "\(exchange.response.prefix(300))")
        }
    }

    @Test func slowAndIdleClientsAreCutOff() async throws {
        try await Self.withServer { port in
            // A header line every 0.2 s: the head is never done, and a second is all it gets.
            let lines = [Data("GET / HTTP/1.1\r\n".utf8)] + Array(repeating: Data("X-Slow: 1\r\n".utf8), count: 50)
            let slow = await RawHTTP.exchange(port: port, lines, pause: 0.2, timeout: 8)
            #expect(slow.status == 408, "\(slow.response.prefix(80))")
            #expect((slow.closedAfter ?? 99) < 3, "cut off after the request timeout: \(String(describing: slow.closedAfter))")

            // Connected, then nothing.
            let idle = await RawHTTP.exchange(port: port, [], timeout: 8)
            #expect((idle.closedAfter ?? 99) < 4, "an idle connection is closed: \(String(describing: idle.closedAfter))")
        }
    }
}
