import BenchDashboard
import BenchTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The dashboard's History and Trends views draw a testbed change as an epoch boundary.
@Suite struct TestbedEpochTests {
    /// `clf` measured on alpha then beta (`switching`), or on alpha only; the repository
    /// lives as long as the returned fixture.
    func application(switching: Bool) throws -> (GitFixture, some ApplicationProtocol) {
        let fixture = try GitFixture()
        for (index, f1) in [0.90, 0.91, 0.80, 0.81].enumerated() {
            try fixture.commit("commit \(index)")
            let file = fixture.root + "/r.json"
            try Data("{\"model_version\": \"clf\", \"metrics\": {\"f1\": \(f1)}}".utf8).write(to: URL(fileURLWithPath: file))
            let testbed = switching && index >= 2 ? "beta" : "alpha"
            let result = try BenchBinary.run(["record", "--input", file], in: fixture.path, environment: ["BENCH_TESTBED": testbed])
            #expect(result.status == 0, "\(result.stderr)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["BENCH_DATABASE_URL"] = nil
        let options = DashboardOptions(source: DashboardSource(repositoryPath: fixture.path, environment: environment, database: nil), token: nil)
        return (fixture, Application(router: Dashboard.router(options)))
    }

    func page(_ uri: String, switching: Bool) async throws -> String {
        let (fixture, application) = try application(switching: switching)
        let body = try await application.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
        }
        withExtendedLifetime(fixture) {}
        return body
    }

    @Test(arguments: ["/history/clf", "/trends?metric=f1&model=clf"]) func aTestbedChangeIsDrawnAsAnEpoch(uri: String) async throws {
        let switched = try await page(uri, switching: true)
        #expect(switched.components(separatedBy: "<line class=\"epoch\"").count == 2, "one boundary line")
        #expect(switched.contains("v3: alpha → beta"))
        let same = try await page(uri, switching: false)
        #expect(!same.contains("class=\"epoch\""))
        #expect(!same.contains("→ beta"))
    }

    @Test func theHistoryAPIAndTableNameEachRunsTestbed() async throws {
        let history = try await page("/api/history/clf", switching: true)
        let series = try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [[String: Any]]
        #expect((series?.first?["snapshots"] as? [[String: Any]])?.map { $0["testbed"] as? String } == ["beta", "beta", "alpha", "alpha"])
        let html = try await page("/history/clf", switching: true)
        #expect(html.contains("<th>testbed</th>"))
    }
}
