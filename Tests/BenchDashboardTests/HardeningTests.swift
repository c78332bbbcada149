import BenchDashboard
import BenchTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What the router does for every request, through Hummingbird's router test client: the
/// security headers, the Content-Security-Policy against the pages' own scripts, JSON 404 and
/// 405 for the API, and query parameters that are refused rather than echoed.
@Suite struct HardeningTests {
    /// A request of each kind: pages, API, errors of each status, unknown paths, wrong methods.
    static let requests: [(method: HTTPRequest.Method, uri: String, status: HTTPResponse.Status)] = [
        (.get, "/", .ok), (.get, "/trends?metric=f1", .ok), (.get, "/history/clf", .ok), (.get, "/regressions", .ok),
        (.get, "/api/current", .ok), (.get, "/api/history/nope", .notFound), (.get, "/commits/not-a-sha", .badRequest),
        (.get, "/no/such/page", .notFound), (.get, "/api/no/such/route", .notFound), (.post, "/api/current", .methodNotAllowed),
        (.get, "/api/checkout", .methodNotAllowed), (.get, "/?branch=" + String(repeating: "b", count: 2000), .badRequest),
        (.head, "/", .ok),
    ]

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let setup = try DashboardTests.Fixture()
        try await setup.application.test(.router) { client in
            for request in Self.requests {
                try await client.execute(uri: request.uri, method: request.method) { response in
                    let name = "\(request.method) \(request.uri.prefix(40))"
                    #expect(response.status == request.status, "\(name)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(name)")
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(name)")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(name)")
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"), "\(name): \(policy)")
                    #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"), "\(name)")
                }
            }
        }
    }

    /// Every inline script and style sheet of the pages is allowed by its hash (computed here
    /// with sha256sum), and nothing a hash cannot allow (a `style` or `on…` attribute) is used.
    @Test func thePolicyAllowsExactlyWhatThePagesUse() async throws {
        let setup = try DashboardTests.Fixture()
        try await setup.application.test(.router) { client in
            var scripts = Set<String>()
            for uri in ["/", "/trends?metric=f1", "/compare", "/regressions", "/history/clf", "/commits", "/no/such/page"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let page = String(buffer: response.body)
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    let inline = PageScraper.matches("<script>(.*?)</script>", in: page).map { $0[1] }
                    scripts.formUnion(inline)
                    for text in inline + PageScraper.matches("<style>(.*?)</style>", in: page).map({ $0[1] }) {
                        let hash = try Self.sha256(text)
                        #expect(policy.contains("'sha256-\(hash)'"), "\(uri): \(text.prefix(80))")
                    }
                    #expect(page.range(of: #" (style|on[a-z]+)=""#, options: .regularExpression) == nil, "\(uri) has an attribute the policy blocks")
                }
            }
            #expect(scripts.count == 5, "the slider, the write buttons, the alert buttons, the sortable table, the panels' readout")
        }
    }

    @Test func unknownAPIRoutesAndWrongMethodsAreJSONAndPagesHTML() async throws {
        let setup = try DashboardTests.Fixture()
        try await setup.application.test(.router) { client in
            for (method, uri, allow) in [(HTTPRequest.Method.post, "/api/current", "GET, HEAD"), (.get, "/api/checkout", "POST"),
                                         (.delete, "/api/history/clf", "GET, HEAD")] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.headers[.allow] == allow, "\(method) \(uri)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                    let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: String]
                    #expect(body?["error"] == "\(method.rawValue) is not allowed on \(uri)")
                }
            }
            try await client.execute(uri: "/api/nope?x=1", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: String]
                #expect(body?["error"] == "nothing is served at /api/nope")
                #expect(body?["hint"]?.contains("/api/current") == true, "names the API's routes")
            }
            try await client.execute(uri: "/no/such/page", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: response.body).contains("<h1>Error</h1>"))
            }
            try await client.execute(uri: "/", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
    }

    @Test func longQueryParametersAreRefusedNotEchoed() async throws {
        let setup = try DashboardTests.Fixture()
        let long = String(repeating: "z", count: 1025)
        try await setup.application.test(.router) { client in
            for uri in ["/trends?metric=\(long)", "/api/current?branch=\(long)", "/compare?\(long)=1", "/api/trends?metric=f1&model=%E6%A8%A1" + long.dropFirst(3)] {
                try await client.execute(uri: uri, method: .get) { response in
                    let body = String(buffer: response.body)
                    #expect(response.status == .badRequest, "\(uri.prefix(30))")
                    #expect(body.contains("is longer than 1024 bytes"), "\(uri.prefix(30)): \(body.prefix(200))")
                    #expect(!body.contains(String(long.prefix(100))), "not echoed")
                }
            }
            try await client.execute(uri: "/api/trends?metric=" + long.dropFirst(), method: .get) { #expect($0.status == .ok, "1024 bytes is fine") }
        }
    }

    /// A value the request makes up (no series has it) shows at most twice in any page.
    @Test func noRequestValueIsEchoedMoreThanTwice() async throws {
        let setup = try DashboardTests.Fixture()
        let marker = String(repeating: "zq", count: 500)
        let uris = ["/trends?metric=M", "/trends?model=M", "/trends?metric=f1&model=M", "/trends?metric=f1&branch=M", "/trends?environment=M&axis=time",
                    "/trends?metric=f1&range=M", "/compare?model=M", "/compare?cost=M", "/compare?metric=M&cost=latency_ms", "/?branch=M",
                    "/?environment=M", "/regressions?threshold=M", "/regressions?branch=M", "/history?model=M", "/history/M",
                    "/history/clf?branch=M", "/history/clf?from=M&to=M", "/commits?n=M", "/commits/M", "/no/M", "/?refresh=M",
                    "/?q=M", "/trends?metric=f1&from=M", "/trends?metric=f1&to=1&page=M", "/compare?by=branch&a=M&b=M", "/compare?by=testbed&a=M&b=M",
                    "/compare?a=M&b=HEAD"]
        try await setup.application.test(.router) { client in
            for template in uris {
                let uri = template.replacingOccurrences(of: "M", with: marker)
                try await client.execute(uri: uri, method: .get) { response in
                    let page = String(buffer: response.body)
                    let echoes = page.components(separatedBy: marker).count - 1
                    #expect(echoes <= 2, "\(template) echoes the value \(echoes) times")
                    #expect(page.utf8.count < 16_000, "\(template): \(page.utf8.count) bytes")
                }
            }
        }
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let setup = try DashboardTests.Fixture()
        let padding = String(repeating: " ", count: 17 * 1024)
        try await setup.application.test(.router) { client in
            try await client.execute(uri: "/api/baseline", method: .post, headers: [.authorization: "Bearer \(DashboardTests.token)"],
                                     body: ByteBuffer(string: "{\"model\": \"clf\", \"version\": 1}" + padding)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body) == #"{"error":"the body is larger than 16384 bytes","hint":"send one line of JSON"}"#)
            }
        }
    }

    /// SHA-256 of the text, base64, as `sha256sum` computes it.
    static func sha256(_ text: String) throws -> String {
        let result = try ProcessRunner.run("/usr/bin/env", ["sha256sum"], in: "/", input: text)
        let hex = Array(result.stdout.prefix(64))
        let bytes = stride(from: 0, to: hex.count, by: 2).compactMap { UInt8(String(hex[$0...$0 + 1]), radix: 16) }
        return Data(bytes).base64EncodedString()
    }
}
