import BenchDashboard
import BenchTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The regressions view folds a commit range past its ten worst alerts and series: the
/// fixture's two series and twelve more (`model-00` … `model-11`, down 10% … 21%) all
/// regressed at HEAD, so one range holds fourteen alerts.
@Suite struct RegressionsFoldingTests {
    static func fixture() throws -> DashboardTests.Fixture {
        let setup = try DashboardTests.Fixture()
        let good = try setup.fixture.sha("HEAD~1"), bad = try setup.fixture.sha("HEAD")
        try setup.importHistory((0..<12).flatMap { number in
            [(good, 0.9), (bad, 0.9 * (0.9 - 0.01 * Double(number)))].map { sha, f1 in
                "{\"model_version\": \"model-\(String(format: "%02d", number))\", \"commit_sha\": \"\(sha)\", \"metrics\": {\"f1\": \(f1)}}"
            }
        })
        return setup
    }

    /// The page between two `<h2>` headings: the alerts, or the series against their baselines.
    static func section(_ page: String, _ heading: String) -> String {
        page.components(separatedBy: "<h2>\(heading)</h2>").dropFirst().first?.components(separatedBy: "<h2>").first ?? ""
    }

    @Test func aRangeListsItsTenWorstAndALinkListsTheRest() async throws {
        let setup = try Self.fixture()
        let range = "\(try setup.fixture.sha("HEAD~1").prefix(7))..\(try setup.fixture.sha("HEAD").prefix(7))"
        try await setup.application.test(.router) { client in
            try await client.execute(uri: "/regressions?alerts=all&branch=main", method: .get) { response in
                let page = String(buffer: response.body)
                let alerts = Self.section(page, "Alerts")
                #expect(alerts.components(separatedBy: "<tr data-alert=").count - 1 == 10)
                #expect(alerts.contains("14 alerts"), "the range says how many it holds")
                #expect(alerts.contains(">model-11 local@main</a>") && alerts.contains(">model-02 local@main</a>"), "the worst ten: down 21% … 12%")
                #expect(!alerts.contains(">model-01 local@main</a>") && !alerts.contains(">clf local@main</a>"))
                #expect(alerts.contains("4 more alerts folded: <a href=\"/regressions?range=\(range)&amp;alerts=all&amp;branch=main#alerts-\(range)\">show them</a>."),
                        "the link keeps the statuses and the branch asked for")
                let series = Self.section(page, "Series against their baselines")
                #expect(series.contains("<br><span class=\"muted\">14 series</span>"))
                #expect(series.contains("4 more series folded: <a href=\"/regressions?range=\(range)&amp;alerts=all&amp;branch=main#series-\(range)\">show them</a>."))
                #expect(series.components(separatedBy: "bench bisect --good").count - 1 == 1, "the bisect command once")
            }
            try await client.execute(uri: "/regressions?range=\(range)&alerts=all&branch=main", method: .get) { response in
                let page = String(buffer: response.body)
                let alerts = Self.section(page, "Alerts")
                #expect(alerts.components(separatedBy: "<tr data-alert=").count - 1 == 14)
                #expect(!page.contains("more alerts folded") && !page.contains("more series folded"))
                // The mildest, folded before, has its buttons now that it is listed.
                #expect(alerts.range(of: #"<tr data-alert="1"><td>1</td>.*data-action="ack""#, options: .regularExpression) != nil)
            }
            // A form submitted from the unfolded range keeps it, with what else was asked.
            try await client.execute(uri: "/regressions?range=\(range)&alerts=all&branch=main&threshold=5%25", method: .get) { response in
                let page = String(buffer: response.body)
                let statusForm = try #require(page.range(of: #"<form method="get" action="/regressions">alerts.*?</form>"#, options: .regularExpression).map { String(page[$0]) })
                #expect(statusForm.contains("<input type=\"hidden\" name=\"range\" value=\"\(range)\">"))
                #expect(statusForm.contains("<input type=\"hidden\" name=\"threshold\" value=\"5%\">"))
                #expect(statusForm.contains("<input type=\"hidden\" name=\"branch\" value=\"main\">"))
                #expect(!statusForm.contains("name=\"alerts\" value=\"all\">"), "the form's own field is its select")
                let thresholdForm = try #require(page.range(of: #"(?s)<form method="get" action="/regressions" id="threshold">.*?</form>"#, options: [.regularExpression]).map { String(page[$0]) })
                #expect(thresholdForm.contains("<input type=\"hidden\" name=\"range\" value=\"\(range)\">"))
                #expect(thresholdForm.contains("<input type=\"hidden\" name=\"alerts\" value=\"all\">"))
                #expect(!thresholdForm.contains("type=\"hidden\" name=\"branch\""), "the scope is in its own fields")
            }
        }
        // The report has no server to follow a link to: it lists the whole range.
        let output = setup.fixture.root + "/report.html"
        #expect(try BenchBinary.run(["report", "--html", output], in: setup.fixture.path).status == 0)
        let report = try String(contentsOfFile: output, encoding: .utf8)
        #expect(report.components(separatedBy: "<tr data-alert=").count - 1 == 14)
        #expect(!report.contains("folded"))
    }
}
