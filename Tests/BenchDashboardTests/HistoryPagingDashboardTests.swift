import BenchTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The history page and `/api/history` list 50 versions at a time, with a cursor to the next.
@Suite struct HistoryPagingDashboardTests {
    /// The dashboard fixture with 120 more versions of `clf`, 122 in all.
    static func fixture() throws -> DashboardTests.Fixture {
        let setup = try DashboardTests.Fixture()
        try setup.importHistory((0..<120).map { index in
            "{\"model_version\": \"clf\", \"created_at\": \"2025-01-01T00:\(String(format: "%02d", index / 60)):\(String(format: "%02d", index % 60)).000Z\", \"metrics\": {\"f1\": 0.\(500 + index)}}"
        })
        return setup
    }

    @Test func theAPIPagesWithACursor() async throws {
        let setup = try Self.fixture()
        try await setup.application.test(.router) { client in
            var versions: [Int] = []
            var uri = "/api/history/clf"
            for _ in 0..<5 {
                let page = try #require(try await client.json(uri, as: [[String: Any]].self)?.first)
                let listed = (page["snapshots"] as? [[String: Any]] ?? []).compactMap { $0["snapshot_version"] as? Int }
                #expect(listed.count <= 50)
                versions += listed
                guard let next = page["next_before"] as? Int else { break }
                #expect(next == listed.last)
                uri = "/api/history/clf?before=\(next)"
            }
            #expect(versions == Array((1...122).reversed()), "every version once, newest first, in pages of 50")
            let small = try #require(try await client.json("/api/history/clf?limit=3&before=10", as: [[String: Any]].self)?.first)
            #expect((small["snapshots"] as? [[String: Any]])?.compactMap { $0["snapshot_version"] as? Int } == [9, 8, 7])
            #expect(small["next_before"] as? Int == 7)
            let last = try #require(try await client.json("/api/history/clf?limit=5&before=3", as: [[String: Any]].self)?.first)
            #expect(last["next_before"] is NSNull, "the last page has no cursor")
            for bad in ["limit=0", "limit=1001", "limit=ten", "before=0", "before=-4"] {
                try await client.execute(uri: "/api/history/clf?\(bad)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                }
            }
        }
    }

    @Test func thePageLinksToOlderVersions() async throws {
        let setup = try Self.fixture()
        try await setup.application.test(.router) { client in
            try await client.execute(uri: "/history/clf", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<td>v122</td>") && page.contains("<td>v73</td>") && !page.contains("<td>v72</td>"))
                #expect(page.contains("<a href=\"/history?model=clf&amp;before=73\" rel=\"next\">Older versions (before v73)</a>"))
                #expect(!page.contains("Newest versions"))
            }
            try await client.execute(uri: "/history/clf?before=23", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<td>v22</td>") && page.contains("<td>v1</td>"))
                #expect(page.contains("<a href=\"/history?model=clf\">Newest versions</a>"))
                #expect(!page.contains("Older versions"), "nothing older than v1")
            }
        }
    }
}
