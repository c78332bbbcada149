import BenchTestSupport
import Foundation
import Testing

/// `bench report --html`: the views rendered for a file, through the binary.
@Suite struct ReportTests {
    @Test func theReportIsOneSelfContainedFile() async throws {
        let setup = try DashboardTests.Fixture()
        let output = setup.fixture.root + "/report.html"
        let result = try BenchBinary.run(["report", "--html", output], in: setup.fixture.path)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOfFile: output, encoding: .utf8)
        for section in ["current", "trends", "comparison", "regressions", "commits"] {
            #expect(page.contains("<section id=\"\(section)\">"), "\(section)")
        }
        #expect(page.contains("<svg"))
        #expect(page.contains("regressed"))
        #expect(!page.contains("<script"), "no script in the report")
        #expect(!page.contains("<form"), "no forms pointing at a server")
        #expect(!page.contains("href=\"/"), "no link to a page of the server")
        #expect(page.contains("<a href=\"#trends\">Trends: f1</a>"), "the navigation leads to the sections")
        #expect(page.contains("<span class=\"regressed\">regressed</span> · f1 -5.6%"), "each card's status, not a link")
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "stored names escaped")
        #expect(page.contains("f1=0.85"), "the commits and what was measured at them")
        let external = page.components(separatedBy: "http").count - 1
        let namespaces = page.components(separatedBy: "http://www.w3.org/2000/svg").count - 1
        #expect(external == namespaces, "nothing is fetched from the network")
    }

    @Test func theTrendShowsTheChosenMetric() async throws {
        let setup = try DashboardTests.Fixture()
        let output = setup.fixture.root + "/report.html"
        let result = try BenchBinary.run(["report", "--html", output, "--metric", "latency_ms"], in: setup.fixture.path)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOfFile: output, encoding: .utf8)
        #expect(page.contains("<section id=\"trends\"><h1>Trends: latency_ms</h1>"))
        #expect(page.contains("<th>latency_ms</th>"))
    }
}
