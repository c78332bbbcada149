import BenchTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// One error mapping for every route: the same failure is JSON `{error, hint}` under `/api/`
/// and the HTML error page elsewhere, with the same status.
@Suite struct ErrorMappingTests {
    /// A path valid under both `/` and `/api/`, the status, the message and the hint (nil: none).
    static let failures: [(path: String, status: HTTPResponse.Status, error: String, hint: String?)] = [
        ("history/nope", .notFound, "no results for 'nope'", nil),
        ("trends?metric=f1&range=1y", .badRequest, "range must be 7d, 30d, 90d or all", nil),
        ("regressions?threshold=five", .badRequest, "threshold 'five' is not a percentage", "use e.g. 5%"),
        ("commits?n=0", .badRequest, "n must be from 1 to 1000", nil),
    ]

    @Test func apiErrorsAreJSONAndPageErrorsAreHTMLWithTheSameStatus() async throws {
        let setup = try DashboardTests.Fixture()
        try await setup.application.test(.router) { client in
            for failure in Self.failures {
                try await client.execute(uri: "/api/" + failure.path, method: .get) { response in
                    #expect(response.status == failure.status, "\(failure.path)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                    let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: String]
                    #expect(body?["error"]?.hasPrefix(failure.error) == true, "\(failure.path): \(String(describing: body))")
                    if let hint = failure.hint { #expect(body?["hint"] == hint) }
                }
                try await client.execute(uri: "/" + failure.path, method: .get) { response in
                    let page = String(buffer: response.body)
                    #expect(response.status == failure.status, "\(failure.path)")
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                    #expect(page.contains("<h1>Error</h1>"))
                    #expect(page.contains("<p class=\"regressed\">" + failure.error.replacingOccurrences(of: "'", with: "&#39;")), "\(failure.path)")
                    if let hint = failure.hint { #expect(page.contains("<p class=\"muted\">\(hint)</p>")) }
                }
            }
        }
    }

    @Test func refusedWritesSayWhyAndWhatToDo() async throws {
        let setup = try DashboardTests.Fixture()
        try await setup.application.test(.router) { client in
            try await client.execute(uri: "/api/baseline", method: .post, body: ByteBuffer(string: "{\"model\": \"clf\"}")) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body) == #"{"error":"a valid token is required","hint":"send Authorization: Bearer <token>"}"#)
            }
            try await client.execute(uri: "/api/checkout", method: .post, headers: [.authorization: "Bearer \(DashboardTests.token)"],
                                     body: ByteBuffer(string: "{\"model\": \"clf\"}")) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body) == #"{"error":"give the version to check out"}"#, "no hint key when there is none")
            }
        }
        let disabled = try DashboardTests.Fixture(token: nil)
        try await disabled.application.test(.router) { client in
            try await client.execute(uri: "/api/baseline", method: .post, body: ByteBuffer(string: "{\"model\": \"clf\"}")) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body) == #"{"error":"writes are disabled","hint":"start bench serve with --token"}"#)
            }
        }
    }

    /// A form sends its empty fields: an empty branch or environment means every one.
    @Test func emptyScopeFieldsShowEverySeries() async throws {
        let setup = try DashboardTests.Fixture()
        try await setup.application.test(.router) { client in
            for uri in ["/?branch=&environment=", "/history/clf?branch=&environment=", "/api/current?branch="] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(String(buffer: response.body).contains("clf"), "\(uri)")
                }
            }
        }
    }
}
