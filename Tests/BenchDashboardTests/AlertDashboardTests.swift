import BenchDashboard
import BenchTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The regressions view's alerts and the alert API, over the fixture whose two series both
/// regressed at the same commit: alerts #1 and #2, one commit range.
@Suite struct AlertDashboardTests {
    typealias Fixture = DashboardTests.Fixture
    static let token = DashboardTests.token

    func post(_ client: some TestClientProtocol, _ uri: String, _ body: String, headers: HTTPFields = [.authorization: "Bearer \(token)"]) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:])
        }
    }

    @Test func theRegressionsViewGroupsAlertsByCommitRange() async throws {
        let setup = try Fixture()
        let good = try setup.fixture.sha("HEAD~1"), bad = try setup.fixture.sha("HEAD")
        try await setup.application.test(.router) { client in
            let alerts = try #require(try await client.json("/api/alerts", as: [[String: Any]].self))
            #expect(alerts.map { $0["id"] as? Int } == [2, 1])
            #expect(alerts.allSatisfy { $0["status"] as? String == "open" && $0["metric"] as? String == "f1" && $0["good_sha"] as? String == good })
            #expect(Set(alerts.compactMap { $0["model_version"] as? String }) == ["clf", DashboardTests.hostile])
            try await client.execute(uri: "/regressions", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                let section = try #require(page.components(separatedBy: "<h2>Alerts</h2>").dropFirst().first?.components(separatedBy: "<h2>").first)
                // One row for the range, both series inside it, the bisect command once.
                #expect(section.components(separatedBy: "<td><code>bench bisect --good \(good.prefix(7)) --bad \(bad.prefix(7)) --metric f1</code></td>").count == 2, "\(section)")
                #expect(section.contains("<a href=\"/commits/\(good)\"><code>\(good.prefix(7))</code></a>..<a href=\"/commits/\(bad)\"><code>\(bad.prefix(7))</code></a><br>commit 1"))
                #expect(section.contains("clf local@main") && section.contains("&lt;script&gt;alert(1)&lt;/script&gt; local@main"))
                #expect(section.contains("0.9 → 0.85 (-5.6%)"))
                #expect(section.components(separatedBy: "data-action=\"ack\"").count == 3, "an Acknowledge button per open alert")
                #expect(!section.contains(" disabled"))
                #expect(!page.contains("<script>alert(1)</script>"))
                // The series against their baselines too: the two regressed at one range are one row.
                let board = try #require(page.components(separatedBy: "<h2>Series against their baselines</h2>").dropFirst().first)
                #expect(board.contains("commits <code>\(good.prefix(7))..\(bad.prefix(7))</code><br><span class=\"muted\">2 series</span>"), "\(board)")
                #expect(board.components(separatedBy: "<td><code>bench bisect --good \(good.prefix(7)) --bad \(bad.prefix(7)) --metric f1</code></td>").count == 2)
                #expect(board.components(separatedBy: "<span class=\"regressed\">regressed</span>").count == 3)
            }
            try await client.execute(uri: "/api/alerts?status=closed", method: .get) { #expect($0.status == .badRequest) }
        }
    }

    @Test func triageNeedsTheTokenAndTheSameOrigin() async throws {
        let setup = try Fixture()
        try await setup.application.test(.router) { client in
            #expect(try await post(client, "/api/alerts/1/ack", "{}", headers: [:]).0 == .unauthorized)
            #expect(try await post(client, "/api/alerts/1/ack", "{}", headers: [.authorization: "Bearer wrong-token-x"]).0 == .unauthorized)
            #expect(try await post(client, "/api/alerts/1/ack", "{}",
                                   headers: [.authorization: "Bearer \(Self.token)", HTTPField.Name("Origin")!: "http://evil.example"]).0 == .forbidden)
            #expect(try await post(client, "/api/alerts/1/ack", "not json").0 == .badRequest)
            #expect(try await post(client, "/api/alerts/99/ack", "{}").0 == .notFound)
            #expect(try await post(client, "/api/alerts/1/shout", "{}").0 == .notFound)
            #expect(try await post(client, "/api/alerts/1/dismiss", "{\"note\": \"no reason\"}").0 == .badRequest)
            let unchanged = try #require(try await client.json("/api/alerts", as: [[String: Any]].self))
            #expect(unchanged.allSatisfy { $0["status"] as? String == "open" }, "nothing was written")

            let (status, acknowledged) = try await post(client, "/api/alerts/1/ack", "{\"note\": \"Ann is on it\"}")
            #expect(status == .ok)
            #expect(acknowledged["status"] as? String == "acknowledged" && acknowledged["note"] as? String == "Ann is on it")
            let (again, error) = try await post(client, "/api/alerts/1/ack", "{}")
            #expect(again == .badRequest && (error["error"] as? String)?.contains("alert #1 is acknowledged") == true)
            let (_, dismissed) = try await post(client, "/api/alerts/2/dismiss", "{\"reason\": \"false-alarm\", \"note\": \"noisy runner\"}")
            #expect(dismissed["status"] as? String == "dismissed" && dismissed["reason"] as? String == "false-alarm")
            let (_, reopened) = try await post(client, "/api/alerts/2/reopen", "{\"note\": \"not noise after all\"}")
            #expect(reopened["status"] as? String == "open")
            try await client.execute(uri: "/regressions?alerts=all", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("acknowledged</span><br><span class=\"muted\">Ann is on it</span>"))
                #expect(page.contains("data-action=\"reopen\""))
            }
        }
        // The changes reached the store, and its audit log says who and why.
        let log = try BenchBinary.run(["alerts", "--status", "all", "--json"], in: setup.fixture.path)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["status"] as? String } == ["open", "acknowledged"])
        #expect(rows.map { $0["note"] as? String } == ["not noise after all", "Ann is on it"])
    }

    @Test func withoutATokenTriageIsDisabledAndSaysSo() async throws {
        let setup = try Fixture(token: nil)
        try await setup.application.test(.router) { client in
            #expect(try await post(client, "/api/alerts/1/ack", "{}", headers: [.authorization: "Bearer anything-at-all"]).0 == .forbidden)
            try await client.execute(uri: "/regressions", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("data-action=\"ack\" disabled title=\"start bench serve with --token to enable\""))
                #expect(page.contains("Triage buttons are disabled"))
            }
        }
    }
}
