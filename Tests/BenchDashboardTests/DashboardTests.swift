import BenchDashboard
import BenchKit
import BenchTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route and status code, through Hummingbird's router test client, over a real
/// repository with a populated store.
@Suite struct DashboardTests {
    static let token = "s3cret-dashboard-token"
    static let hostile = "<script>alert(1)</script>"

    /// A repository with two commits and runs of two series, one named to attack the page.
    struct Fixture {
        let fixture: GitFixture
        let options: DashboardOptions

        init(token: String? = DashboardTests.token) throws {
            fixture = try GitFixture()
            for (index, f1) in [0.90, 0.85].enumerated() {
                try fixture.commit("commit \(index)")
                for model in ["clf", DashboardTests.hostile] {
                    let file = fixture.root + "/r.json"
                    try Data("{\"model_version\": \"\(model.replacingOccurrences(of: "\"", with: "\\\""))\", \"metrics\": {\"f1\": \(f1), \"latency_ms\": {\"value\": 400, \"unit\": \"ms\"}}}".utf8)
                        .write(to: URL(fileURLWithPath: file))
                    let result = try BenchBinary.run(["record", "--input", file], in: fixture.path)
                    #expect(result.status == 0, "\(result.stderr)")
                }
            }
            var environment = ProcessInfo.processInfo.environment
            environment["BENCH_DATABASE_URL"] = nil
            options = DashboardOptions(source: DashboardSource(repositoryPath: fixture.path, environment: environment, database: nil),
                                       token: token)
        }

        var application: some ApplicationProtocol { Application(router: Dashboard.router(options)) }

        /// Imports results (bench-json objects) as history, in one `bench import`.
        func importHistory(_ rows: [String], name: String = "history.json") throws {
            let file = fixture.root + "/" + name
            try Data("[\(rows.joined(separator: ","))]".utf8).write(to: URL(fileURLWithPath: file))
            let imported = try BenchBinary.run(["import", file], in: fixture.path)
            #expect(imported.status == 0, "\(imported.stderr)")
        }
    }

    @Test func apiReadsReturnJSON() async throws {
        let setup = try Fixture()
        try await setup.application.test(.router) { client in
            let snapshots = try await client.json("/api/current", as: [[String: Any]].self)
            #expect(snapshots?.count == 2)
            #expect(snapshots?.contains { $0["model_version"] as? String == "clf" && ($0["metrics"] as? [String: Double])?["f1"] == 0.85 } == true)
            try await client.execute(uri: "/api/history/clf", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"snapshot_version\":2"))
            }
            let trends = try await client.json("/api/trends?metric=f1&range=30d&model=clf", as: [[String: Any]].self)
            #expect((trends?.first?["points"] as? [[String: Any]])?.compactMap { $0["value"] as? Double } == [0.9, 0.85])
            try await client.execute(uri: "/api/commits?n=5", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("commit 1"))
            }
        }
    }

    /// `/api/current` answers a repeated read with the body it encoded before; a run recorded
    /// or a rollback between two requests shows in the second all the same.
    @Test func currentShowsARecordOnTheNextRequest() async throws {
        let setup = try Fixture()
        try await setup.application.test(.router) { client in
            func f1() async throws -> [Double] {
                let snapshots = try await client.json("/api/current", as: [[String: Any]].self) ?? []
                return snapshots.filter { $0["model_version"] as? String == "clf" }.compactMap { ($0["metrics"] as? [String: Double])?["f1"] }
            }
            #expect(try await f1() == [0.85])
            #expect(try await f1() == [0.85], "the same body again")
            let file = setup.fixture.root + "/new.json"
            try Data("{\"model_version\": \"clf\", \"metrics\": {\"f1\": 0.97}}".utf8).write(to: URL(fileURLWithPath: file))
            let recorded = try BenchBinary.run(["record", "--input", file], in: setup.fixture.path)
            #expect(recorded.status == 0, "\(recorded.stderr)")
            #expect(try await f1() == [0.97], "the new run, on the next request")
            let rolledBack = try BenchBinary.run(["checkout", "clf", "--version", "1"], in: setup.fixture.path)
            #expect(rolledBack.status == 0, "\(rolledBack.stderr)")
            #expect(try await f1() == [0.90], "the rollback, on the next request")
        }
    }

    @Test func badParametersAndUnknownSeries() async throws {
        let setup = try Fixture()
        try await setup.application.test(.router) { client in
            try await client.execute(uri: "/api/trends", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/trends?metric=f1&range=1y", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/commits?n=0", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/history/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("no results for 'nope'"))
            }
            try await client.execute(uri: "/history/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("<!doctype html>"))
            }
            try await client.execute(uri: "/no/such/page", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/commits/not-a-sha", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/commits/0123456789abcdef0123456789abcdef01234567", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("rev-parse"), "says how to check the revision")
            }
        }
    }

    @Test func trendsShowConfidenceIntervalsAndRunsPerDay() async throws {
        let setup = try Fixture()
        let rows = [("2026-11-20T10:00:00.000Z", "[0.88, 0.90, 0.92]"), ("2026-11-21T10:00:00.000Z", "[0.80, 0.81, 0.82]"),
                    ("2026-11-21T11:00:00.000Z", "[0.84]")].map { created, samples in
            "{\"model_version\": \"sampled\", \"created_at\": \"\(created)\", \"metrics\": {\"f1\": {\"value\": 0.9, \"samples\": \(samples)}}}"
        }
        try setup.importHistory(rows)
        try await setup.application.test(.router) { client in
            try await client.execute(uri: "/trends?metric=f1&model=sampled", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<th>95% CI</th>"))
                // mean 0.9, sem 0.011547, t(0.975, 2) = 4.302653 → 0.850317 – 0.949683
                #expect(page.contains("<td class=\"num\">0.850317 – 0.949683</td>"), "the interval of the first run")
                #expect(page.components(separatedBy: "stroke-opacity=\"0.5\"").count == 3, "an error bar for each run with two or more samples")
                #expect(page.contains("<h2>Runs per day</h2>"))
                #expect(page.contains("<title>2026-11-21: 2</title>"))
            }
        }
    }

    /// The limit band: with 10 results before a point (the t-test's min-runs), the limits
    /// bench check would hold it to (SciPy: 93.77703871345939 … 106.22296128654061 over the
    /// first ten values), shaded; with fewer, none.
    @Test func trendsShadeTheLimitBandWhereThereIsHistory() async throws {
        let setup = try Fixture()
        let values = [100.0, 102, 98, 101, 99, 103, 97, 100, 101, 99, 150, 100]
        let rows = values.enumerated().map { index, value in
            "{\"model_version\": \"steady\", \"created_at\": \"2026-11-20T10:\(10 + index):00.000Z\", \"metrics\": {\"f1\": \(value)}}"
        }
        try setup.importHistory(rows, name: "steady.json")
        try await setup.application.test(.router) { client in
            try await client.execute(uri: "/trends?metric=f1&model=steady", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.components(separatedBy: "<path class=\"limit-band\"").count == 2, "one band over v11 and v12")
                #expect(page.contains("<title>steady f1 limits: t-test (auto) at 99% over the previous 30 results (at least 10), practical floor 1%</title>"))
                #expect(page.contains("<td>steady local@main</td><td>v11</td>") && page.contains("<td class=\"num\">150</td><td>93.777 – 106.223</td>"),
                        "the value's row names its limits")
                #expect(page.contains("Shaded: the limits each series' verdict model drew"))
            }
            try await client.execute(uri: "/api/trends?metric=f1&model=steady", method: .get) { response in
                let trends = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]]
                let points = trends?.first?["points"] as? [[String: Any]] ?? []
                #expect(points.count == 12)
                #expect(points.prefix(10).allSatisfy { $0["upper_limit"] == nil })
                #expect(abs((points[10]["lower_limit"] as? Double ?? 0) - 93.77703871345939) < 1e-9)
                #expect(abs((points[10]["upper_limit"] as? Double ?? 0) - 106.22296128654061) < 1e-9)
            }
            try await client.execute(uri: "/trends?metric=f1&model=clf", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<svg"))
                #expect(!page.contains("limit-band") && !page.contains("Shaded:"), "two results are too few for a band")
            }
        }
    }

    @Test func everyViewNarrowsToABranchOrEnvironment() async throws {
        let setup = try Fixture()
        try setup.fixture.git(["checkout", "-q", "-b", "feature"])
        let file = setup.fixture.root + "/feature.json"
        try Data("{\"model_version\": \"clf\", \"metrics\": {\"f1\": 0.7}}".utf8).write(to: URL(fileURLWithPath: file))
        #expect(try BenchBinary.run(["record", "--input", file], in: setup.fixture.path).status == 0)
        try await setup.application.test(.router) { client in
            for uri in ["/trends?metric=f1&branch=feature", "/compare?branch=feature", "/regressions?branch=feature", "/?branch=feature",
                        "/history/clf?branch=feature"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let page = String(buffer: response.body)
                    #expect(page.contains("clf local@feature"), "\(uri)")
                    #expect(!page.contains("clf local@main"), "\(uri) leaves main out")
                    #expect(page.contains("name=\"branch\" size=\"10\" value=\"feature\"") || uri.hasPrefix("/?"), "\(uri) keeps the choice in its form")
                }
            }
            try await client.execute(uri: "/api/regressions?environment=nowhere", method: .get) { response in
                #expect(String(buffer: response.body) == "[]")
            }
            let trends = try await client.json("/api/trends?metric=f1&branch=feature", as: [[String: Any]].self)
            #expect(trends?.count == 1)
        }
    }

    @Test func theCurrentViewRanksTheSeries() async throws {
        let setup = try Fixture()
        for (model, f1, cost) in [("pricey", 0.95, 0.01), ("cheap", 0.80, 0.001)] {
            let file = setup.fixture.root + "/\(model).json"
            try Data("{\"model_version\": \"\(model)\", \"metrics\": {\"f1\": \(f1), \"analysis_cost\": \(cost)}}".utf8).write(to: URL(fileURLWithPath: file))
            #expect(try BenchBinary.run(["record", "--input", file], in: setup.fixture.path).status == 0)
        }
        try await setup.application.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                func board(_ title: String) -> String {
                    guard let start = page.range(of: "<h3>\(title)</h3>") else { return "" }
                    return String(page[start.upperBound...].prefix(600))
                }
                let top = board("Top by f1"), fastest = board("Fastest by latency_ms"), value = board("Most f1 per analysis_cost")
                #expect(top.contains("<td class=\"num\">1</td><td>pricey local@main</td><td class=\"num\">0.95</td>"))
                #expect(fastest.contains("<td>clf local@main</td><td class=\"num\">400</td>"))
                #expect(value.contains("<td class=\"num\">1</td><td>cheap local@main</td><td class=\"num\">800</td>"), "0.80 / 0.001 beats 0.95 / 0.01")
                #expect(page.contains("<td class=\"num\" data-v=\"1\">v1 <a href=\"/commits/"), "each row names its version and commit")
            }
        }
    }

    @Test func historyComparesTwoVersionsAndCommitsHaveTheirPage() async throws {
        let setup = try Fixture()
        let second = try setup.fixture.sha("HEAD")
        try await setup.application.test(.router) { client in
            try await client.execute(uri: "/history/clf", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("compare <select name=\"from\"><option value=\"2\">v2</option><option value=\"1\" selected>v1</option></select>"))
                #expect(page.contains("<a href=\"/commits/\(second)\"><code>\(second.prefix(7))</code></a>"), "commit links")
            }
            try await client.execute(uri: "/history/clf?from=1&to=2", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<th>v1</th><th>v2</th>"))
                #expect(page.contains("<span class=\"regressed\">-5.6% worse</span>"), "f1 0.90 → 0.85")
                #expect(page.contains("<span class=\"muted\">+0.0% same</span>"), "latency unchanged")
            }
            try await client.execute(uri: "/history/clf?from=1&to=9", method: .get) { response in
                #expect(String(buffer: response.body).contains("bench compare clf N M"))
            }
            try await client.execute(uri: "/commits/\(second.prefix(10))", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("<code>\(second)</code>"))
                #expect(page.contains("commit 1"), "the subject")
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "both series measured there, escaped")
                #expect(page.contains("f1=0.85"))
            }
        }
    }

    @Test func writesNeedTheTokenAndTheSameOrigin() async throws {
        let setup = try Fixture()
        let body = ByteBuffer(string: "{\"model\": \"clf\", \"version\": 1}")
        try await setup.application.test(.router) { client in
            try await client.execute(uri: "/api/checkout", method: .post, body: body) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/checkout", method: .post, headers: [.authorization: "Bearer wrong-token-x"], body: body) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/checkout", method: .post,
                                     headers: [.authorization: "Bearer \(Self.token)", HTTPField.Name("Origin")!: "http://evil.example"], body: body) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/checkout", method: .post, headers: [.authorization: "Bearer \(Self.token)"],
                                     body: ByteBuffer(string: "not json")) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/checkout", method: .post, headers: [.authorization: "Bearer \(Self.token)"],
                                     body: ByteBuffer(string: "{\"model\": \"clf\", \"version\": 9}")) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/checkout", method: .post, headers: [.authorization: "Bearer \(Self.token)"], body: body) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"is_current\":true"))
            }
            try await client.execute(uri: "/api/baseline", method: .post, headers: [.authorization: "Bearer \(Self.token)"], body: body) {
                #expect($0.status == .ok)
            }
        }
        let current = try BenchBinary.run(["current", "--json"], in: setup.fixture.path)
        #expect(current.stdout.contains("\"snapshot_version\" : 1"), "the rollback reached the store")
        #expect(try BenchBinary.run(["history", "clf"], in: setup.fixture.path).stdout.contains("checked out v1"))
    }

    @Test func withoutATokenWritesAreDisabledAndSaySo() async throws {
        let setup = try Fixture(token: nil)
        try await setup.application.test(.router) { client in
            try await client.execute(uri: "/api/checkout", method: .post, headers: [.authorization: "Bearer anything-at-all"],
                                     body: ByteBuffer(string: "{\"model\": \"clf\", \"version\": 1}")) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/history/clf", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("disabled title=\"start bench serve with --token to enable\""))
                #expect(page.contains("buttons are disabled"))
            }
        }
    }

    @Test func pagesShowTheDataAndEscapeHostileNames() async throws {
        let setup = try Fixture()
        try await setup.application.test(.router) { client in
            for uri in ["/", "/trends?metric=f1", "/commits", "/history/clf", "/?refresh=30"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let page = String(buffer: response.body)
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                    #expect(!page.contains("<script>alert(1)</script>"), "\(uri) must escape stored names")
                    #expect(!page.contains("http://") || page.contains("xmlns=\"http://www.w3.org/2000/svg\""), "no external resource")
                }
            }
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(page.contains("0.85"))
                #expect(page.contains("400 ms"))
                #expect(page.contains("<a class=\"regressed\" href=\"/regressions\">regressed</a> · f1 -5.6%"), "each card's status against its baseline")
                #expect(page.contains("against v1: nearest measured ancestor"))
            }
            try await client.execute(uri: "/trends?metric=f1", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<svg"))
                #expect(page.contains("data-v=\"1 2\""), "the readout's versions")
                #expect(page.contains("commit 1 · Test Author"), "each value names the commit's subject and author")
            }
        }
    }

    @Test func trendsOverlayTheTickedSeriesAndComparisonPlotsMetricAgainstCost() async throws {
        let setup = try Fixture()
        let hostileQuery = DashboardTests.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await setup.application.test(.router) { client in
            let trends = try await client.json("/api/trends?metric=f1&model=clf&model=\(hostileQuery)", as: [[String: Any]].self)
            #expect(trends?.count == 2)
            try await client.execute(uri: "/trends?metric=latency_ms&model=clf", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<option selected>latency_ms</option>"))
                #expect(page.contains("<input type=\"checkbox\" name=\"model\" value=\"clf\" checked>"))
                #expect(page.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\">"), "the other series offered, unticked and escaped")
                #expect(page.contains("range=7d&amp;model=clf"), "range links keep the ticked series")
                #expect(page.components(separatedBy: "<path class=\"raw\"").count == 2, "one panel")
                #expect(page.contains("x: <strong>versions</strong> · <a href=\"/trends?metric=latency_ms&amp;range=all&amp;model=clf&amp;axis=time\">time</a>"))
            }
            try await client.execute(uri: "/trends?metric=f1&axis=time", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("x: <a href"), "versions offered")
                #expect(page.contains("text-anchor=\"end\""), "the time axis is labelled with its last date")
            }
            try await client.execute(uri: "/trends?metric=f1&axis=sideways", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/compare?cost=latency_ms", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<h2>f1 versus latency_ms</h2>"))
                #expect(page.contains("<title>clf local@main · f1 = 0.85 · latency_ms = 400</title>"))
            }
            try await client.execute(uri: "/compare", method: .get) { response in
                #expect(String(buffer: response.body).contains("No metric named like a cost"))
            }
        }
    }

    @Test func regressionsAndComparison() async throws {
        let setup = try Fixture()
        try await setup.application.test(.router) { client in
            let board = try await client.json("/api/regressions", as: [[String: Any]].self)
            let clf = board?.first { ($0["series"] as? [String: Any])?["model_version"] as? String == "clf" }
            #expect(clf?["verdict"] as? String == "regressed", "0.90 → 0.85 is beyond 5%")
            #expect((clf?["bisect"] as? String)?.hasPrefix("bench bisect --good ") == true)
            try await client.execute(uri: "/api/regressions?threshold=10%25", method: .get) { response in
                #expect(String(buffer: response.body).contains("\"verdict\":\"unchanged\""))
            }
            try await client.execute(uri: "/api/regressions?threshold=five", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/regressions", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("<span class=\"regressed\">regressed</span>"))
                #expect(page.contains("bench bisect --good"))
                #expect(page.range(of: #"commits <code>[0-9a-f]{7}\.\.[0-9a-f]{7}</code>"#, options: .regularExpression) != nil, "the commit range")
                #expect(page.contains("<summary class=\"muted\">f1 values</summary>v1 0.9<br>v2 0.85</details>"), "the sparkline's numbers")
                #expect(!page.contains("<script>alert(1)</script>"))
                // The sparkline of 0.90 → 0.85 goes down: the second point is lower (larger y).
                let circles = page.components(separatedBy: "<circle cx=\"").dropFirst().prefix(2).compactMap { part -> Double? in
                    guard let y = part.components(separatedBy: "cy=\"").dropFirst().first?.split(separator: "\"").first else { return nil }
                    return Double(y)
                }
                #expect(circles.count == 2 && circles[1] > circles[0], "\(circles)")
            }
            let comparison = try await client.json("/api/compare?model=clf", as: [String: Any].self)
            #expect((comparison?["series"] as? [[String: Any]])?.count == 1)
            #expect(comparison?["metrics"] as? [String] == ["f1", "latency_ms"])
            try await client.execute(uri: "/compare", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("&lt;script&gt;"))
                #expect(!page.contains("<script>alert(1)</script>"))
            }
        }
    }
}
