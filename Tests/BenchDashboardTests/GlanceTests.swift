import BenchDashboard
import BenchTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 20's views, in-process over a real repository and store: the current view's summary
/// and compact table, the trends view's panels, range and paged values, and two commits,
/// branches or testbeds side by side.
@Suite struct GlanceTests {
    func page(_ client: some TestClientProtocol, _ uri: String, status: HTTPResponse.Status = .ok,
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        try await client.execute(uri: uri, method: .get) { response in
            #expect(response.status == status, "\(uri)", sourceLocation: sourceLocation)
            return String(buffer: response.body)
        }
    }

    /// clf and the hostile series regress (0.90 → 0.85); `better` improves; `fresh` has one
    /// result, so no baseline. The strip counts them; the table puts regressions first and
    /// `fresh` last, with a sparkline per metric and the change against the baseline.
    @Test func theCurrentViewSummarisesAndPutsRegressionsFirst() async throws {
        let setup = try DashboardTests.Fixture()
        let head = try setup.fixture.sha("HEAD")
        try setup.importHistory(["{\"model_version\": \"better\", \"commit_sha\": \"\(try setup.fixture.sha("HEAD~1"))\", \"created_at\": \"2026-11-20T10:00:00.000Z\", \"metrics\": {\"f1\": 0.70}}",
                                 "{\"model_version\": \"better\", \"commit_sha\": \"\(head)\", \"created_at\": \"2026-11-20T11:00:00.000Z\", \"metrics\": {\"f1\": 0.80}}",
                                 "{\"model_version\": \"fresh\", \"commit_sha\": \"\(head)\", \"metrics\": {\"f1\": 0.5}}"])
        try await setup.application.test(.router) { client in
            let html = try await page(client, "/")
            #expect(html.contains("<div class=\"tile regressed\"><strong>2</strong> regressed</div>"))
            #expect(html.contains("<div class=\"tile improved\"><strong>1</strong> improved</div>"))
            #expect(html.contains("<div class=\"tile none\"><strong>1</strong> no baseline</div>"))
            #expect(html.contains("<strong>4</strong> series"))
            #expect(html.contains("newest <code>\(head.prefix(7))</code>"))
            let order = ["data-name=\"&lt;script&gt;", "data-name=\"clf ", "data-name=\"better ", "data-name=\"fresh "].map { html.range(of: $0)?.lowerBound }
            #expect(order.allSatisfy { $0 != nil } && order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "regressed, improved, no baseline")
            #expect(html.contains("<span class=\"improved\">+14.3%</span>"), "better's f1 against its baseline (0.70 → 0.80)")
            #expect(html.contains("<svg class=\"spark\""), "a sparkline of the recent versions")
            #expect(html.contains("<button type=\"button\">Δ f1</button>"), "each header sorts, with the keyboard too")
            #expect(html.contains("<span class=\"muted\">no baseline yet</span>"))
            // ?q= keeps every row (the box filters as you type) but hides the others.
            let filtered = try await page(client, "/?q=BET")
            #expect(filtered.contains("<tr data-name=\"better local@main\">"))
            #expect(filtered.contains("<tr data-name=\"clf local@main\" hidden>"))
            #expect(filtered.contains("value=\"BET\""))
            #expect(filtered.contains(">1 of 4 series</span>"))
        }
    }

    /// 120 versions of `long`: narrowed to v10…v60 it draws 51 of them; the values come 50 a
    /// page, newest first; the API returns the range with each point's rolling median.
    @Test func theTrendRangeNarrowsAndTheValuesArePaged() async throws {
        let setup = try DashboardTests.Fixture()
        let rows = (1...120).map { index in
            "{\"model_version\": \"long\", \"created_at\": \"2026-11-\(10 + index / 60)T\(10 + index % 60 / 6):\(10 + index % 6):00.000Z\", \"metrics\": {\"f1\": \(Double(index % 7) / 100 + 0.8)}}"
        }
        try setup.importHistory(rows)
        try await setup.application.test(.router) { client in
            let narrowed = try await page(client, "/trends?metric=f1&model=long&from=10&to=60")
            #expect(narrowed.contains("51 versions</span>"))
            #expect(narrowed.contains("name=\"from\" size=\"10\" placeholder=\"version or date\" value=\"10\""), "the range stays in the form")
            #expect(narrowed.contains("page 1 of 2 (51 values)"))
            #expect(narrowed.contains("<td>long local@main</td><td>v60</td>"), "newest first")
            #expect(narrowed.contains("href=\"/trends?metric=f1&amp;range=all&amp;model=long&amp;from=10&amp;to=60&amp;page=2\">older →</a>"))
            let second = try await page(client, "/trends?metric=f1&model=long&from=10&to=60&page=2")
            #expect(second.contains("<td>long local@main</td><td>v10</td>") && !second.contains("<td>v11</td>"))
            #expect(second.contains("page 2 of 2"))
            _ = try await page(client, "/trends?metric=f1&from=yesterday", status: .badRequest)
            _ = try await page(client, "/trends?metric=f1&page=0", status: .badRequest)
            let points = try await client.json("/api/trends?metric=f1&model=long&from=10&to=60", as: [[String: Any]].self)?.first?["points"] as? [[String: Any]] ?? []
            #expect(points.map { $0["snapshot_version"] as? Int } == (10...60).map { $0 })
            // The median of v60 and the 29 before it (the model's window of 30), values (i % 7) / 100 + 0.8.
            let window = (31...60).map { Double($0 % 7) / 100 + 0.8 }.sorted()
            #expect(abs((points.last?["rolling_median"] as? Double ?? 0) - (window[14] + window[15]) / 2) < 1e-12)
            let byDate = try await client.json("/api/trends?metric=f1&model=long&from=2026-11-11", as: [[String: Any]].self)?.first?["points"] as? [[String: Any]] ?? []
            #expect(byDate.first?["snapshot_version"] as? Int == 60, "a date narrows by time (v60 is the first on the 11th)")
        }
    }

    /// 3,000 versions with one spike: the panel draws at most two points a pixel column, the
    /// spike among them, and says so; the readout carries each drawn point's version and commit.
    @Test func aLongHistoryIsThinnedWithoutLosingItsSpike() async throws {
        let setup = try DashboardTests.Fixture()
        let rows = (1...3_000).map { index in
            "{\"model_version\": \"spiky\", \"metrics\": {\"f1\": \(index == 1_234 ? 0.2 : 0.8 + Double(index % 13) / 1_000)}}"
        }
        try setup.importHistory(rows)
        try await setup.application.test(.router) { client in
            let html = try await page(client, "/trends?metric=f1&model=spiky")
            let drawn = html.range(of: #"3000 versions · [0-9]+ drawn"#, options: .regularExpression).map { String(html[$0]) }
            let count = drawn.flatMap { Int($0.split(separator: " ")[3]) } ?? 0
            #expect(count > 100 && count <= 2 * 300 + 2, "\(drawn ?? "no count")")
            let versions = html.components(separatedBy: "data-v=\"").dropFirst().first?.split(separator: "\"").first?.split(separator: " ") ?? []
            #expect(versions.count == count && versions.contains("1234"), "the spike is drawn")
            #expect(html.contains(" 0.2 "), "its value is in the readout")
            #expect(html.contains("Change points are marked in ranges of at most 4000 versions") == false, "3,000 versions are looked at")
        }
    }

    /// HEAD~1 against HEAD: clf's f1 went 0.90 → 0.85, worse by 5.6%, and latency stayed;
    /// two branches; two testbeds; and what a bad request says.
    @Test func twoCommitsBranchesOrTestbedsSideBySide() async throws {
        let setup = try DashboardTests.Fixture()
        try await setup.application.test(.router) { client in
            let html = try await page(client, "/compare?by=commit&a=HEAD~1&b=HEAD")
            #expect(html.contains("<td>f1</td><td class=\"num\" data-v=\"0.9\">0.9</td><td class=\"num\" data-v=\"0.85\">0.85</td>"))
            #expect(html.contains("<span class=\"regressed\">-5.6%</span></td><td><span class=\"regressed\">worse</span>"))
            #expect(html.contains("<span class=\"regressed\">2 worse</span> · <span class=\"improved\">0 better</span> · 2 same"))
            #expect(html.contains("commit 0"), "side A reads as its commit")
            let json = try await client.json("/api/compare?by=commit&a=HEAD~1&b=HEAD", as: [String: Any].self)
            let deltas = (json?["side_by_side"] as? [String: Any])?["deltas"] as? [[String: Any]] ?? []
            let clf = deltas.first { ($0["series"] as? [String: Any])?["model_version"] as? String == "clf" && $0["metric"] as? String == "f1" }
            #expect(clf?["verdict"] as? String == "worse" && clf?["from"] as? Double == 0.9 && clf?["to"] as? Double == 0.85)
            _ = try await page(client, "/compare?by=commit&a=HEAD", status: .badRequest)
            _ = try await page(client, "/compare?by=tag&a=x&b=y", status: .badRequest)
            let unknown = try await page(client, "/compare?a=nope&b=HEAD", status: .notFound)
            #expect(unknown.contains("nope"), "names the revision it cannot find")
        }
        try setup.fixture.git(["checkout", "-q", "-b", "feature"])
        for (testbed, f1) in [("alpha", 0.80), ("beta", 0.88)] {
            let file = setup.fixture.root + "/feature.json"
            try Data("{\"model_version\": \"clf\", \"metrics\": {\"f1\": \(f1)}}".utf8).write(to: URL(fileURLWithPath: file))
            #expect(try BenchBinary.run(["record", "--input", file], in: setup.fixture.path, environment: ["BENCH_TESTBED": testbed]).status == 0)
        }
        try await setup.application.test(.router) { client in
            let branches = try await page(client, "/compare?by=branch&a=main&b=feature")
            #expect(branches.contains("<td class=\"num\" data-v=\"0.85\">0.85</td><td class=\"num\" data-v=\"0.88\">0.88</td>"), "clf on main against feature")
            let testbeds = try await page(client, "/compare?by=testbed&a=alpha&b=beta")
            #expect(testbeds.contains("<td class=\"num\" data-v=\"0.8\">0.8</td><td class=\"num\" data-v=\"0.88\">0.88</td>"), "clf's newest on alpha against beta")
            #expect(testbeds.contains("<span class=\"improved\">+10.0%</span>"))
        }
    }
}
