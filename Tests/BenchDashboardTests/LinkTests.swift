import BenchDashboard
import BenchTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Real benchmark names in links: every link and form of every page, followed as a browser
/// would, answers, and so does the API the pages and scripts use.
@Suite struct LinkTests {
    /// Names as tools write them: Google Benchmark's, Hugging Face's, with a colon, a space,
    /// non-ASCII, URL syntax, an encoded-looking slash, and the dot segments a browser resolves.
    static let names = ["BM_Sort/1024", "google/medgemma-4b", "gpt-4o:mini", "模型", "with space", "a+b&c=d?#%", "x%2Fy", ".", "..",
                        DashboardTests.hostile]

    /// A repository with two runs of each name on main, and one on a branch with an awkward name.
    struct Fixture {
        let fixture: GitFixture
        let options: DashboardOptions

        init() throws {
            fixture = try GitFixture()
            for index in 0..<2 {
                try fixture.commit("commit \(index)")
                for name in LinkTests.names { try Self.record(name, f1: 0.9 - Double(index) / 10, in: fixture) }
            }
            try fixture.git(["checkout", "-q", "-b", "feat/ü+x"])
            try Self.record("BM_Sort/1024", f1: 0.7, in: fixture)
            var environment = ProcessInfo.processInfo.environment
            environment["BENCH_DATABASE_URL"] = nil
            options = DashboardOptions(source: DashboardSource(repositoryPath: fixture.path, environment: environment, database: nil),
                                       token: DashboardTests.token)
        }

        static func record(_ model: String, f1: Double, in fixture: GitFixture) throws {
            let file = fixture.root + "/r.json"
            let body = try JSONSerialization.data(withJSONObject: ["model_version": model, "metrics": ["f1": f1, "latency_ms": 400]])
            try body.write(to: URL(fileURLWithPath: file))
            let result = try BenchBinary.run(["record", "--input", file], in: fixture.path)
            #expect(result.status == 0, "\(model): \(result.stderr)")
        }

        var application: some ApplicationProtocol { Application(router: Dashboard.router(options)) }
    }

    @Test func everyLinkAndFormOfEveryPageAnswers() async throws {
        let setup = try Fixture()
        try await setup.application.test(.router) { client in
            // The views, and each series ticked in those that pick series by name.
            var queue = ["/", "/trends", "/compare", "/regressions", "/commits", "/trends?branch=feat%2F%C3%BC%2Bx"]
                + Self.names.flatMap { ["/trends?metric=f1&model=" + PageScraper.formEncoded($0), "/compare?model=" + PageScraper.formEncoded($0)] }
            var seen = Set<String>(), failures: [String] = [], histories = Set<String>(), buttons: [[String: String]] = []
            while !queue.isEmpty && seen.count < 600 {
                let uri = queue.removeFirst()
                guard seen.insert(uri).inserted else { continue }
                try await client.execute(uri: uri, method: .get) { response in
                    guard response.status == .ok else { return failures.append("\(response.status.code) \(uri)") }
                    let page = String(buffer: response.body)
                    if uri.hasPrefix("/history") {
                        histories.insert(page.components(separatedBy: "<title>").dropFirst().first?.components(separatedBy: " · bench").first ?? "")
                        buttons += PageScraper.writeButtons(in: page, action: "baseline")
                    }
                    queue += PageScraper.requests(in: page).filter { !seen.contains($0) }
                }
            }
            #expect(failures.isEmpty, "\(failures)")
            #expect(seen.count > 80 && seen.count < 600, "the crawl went through the views and ended: \(seen.count)")
            for name in Self.names {
                #expect(histories.contains("History: " + PageScraper.escaped(name)), "\(name)'s history page was reached: \(histories)")
            }
            #expect(seen.contains { $0.contains("branch=feat%2F%C3%BC%2Bx") }, "the branch's links")

            // The API the write buttons call, with what the buttons carry.
            #expect(buttons.count >= 2 * Self.names.count)
            for action in ["baseline", "checkout"] {
                for button in buttons where button["data-version"] == "1" {
                    let body = try JSONSerialization.data(withJSONObject: [
                        "model": button["data-model"]!, "branch": button["data-branch"]!, "environment": button["data-environment"]!,
                        "dataset": button["data-dataset"]!, "prompt": button["data-prompt"]!, "version": 1,
                    ] as [String: Any])
                    try await client.execute(uri: "/api/\(action)", method: .post, headers: [.authorization: "Bearer \(DashboardTests.token)"],
                                             body: ByteBuffer(bytes: body)) { response in
                        #expect(response.status == .ok, "\(action) \(button["data-model"]!): \(String(buffer: response.body))")
                    }
                }
            }
        }
    }

    @Test func theAPITakesEveryNameInThePathOrTheQuery() async throws {
        let setup = try Fixture()
        try await setup.application.test(.router) { client in
            for name in Self.names {
                let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                for uri in ["/api/history/\(encoded)", "/api/history?model=\(encoded)", "/history/\(encoded)"] {
                    try await client.execute(uri: uri, method: .get) { response in
                        #expect(response.status == .ok, "\(uri)")
                        if uri.hasPrefix("/api/") {
                            let series = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]]
                            let models = series?.compactMap { ($0["series"] as? [String: Any])?["model_version"] as? String }
                            #expect(models?.isEmpty == false && models?.allSatisfy { $0 == name } == true, "\(uri): \(String(describing: models))")
                        }
                    }
                }
            }
            try await client.execute(uri: "/api/history/%3Cscript%3E", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: String]
                #expect(body?["error"] == "no results for '<script>'", "decoded: \(String(describing: body))")
            }
            try await client.execute(uri: "/history/%3Cscript%3E", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .notFound)
                #expect(page.contains("no results for &#39;&lt;script&gt;&#39;"), "decoded, and escaped in the page")
                #expect(!page.contains("<script>"))
            }
            try await client.execute(uri: "/api/history/%E0%A4", method: .get) { #expect($0.status == .badRequest, "not UTF-8") }
            try await client.execute(uri: "/api/history", method: .get) { #expect($0.status == .badRequest, "no model") }
        }
    }
}
