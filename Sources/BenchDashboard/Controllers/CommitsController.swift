import BenchCore
import BenchKit
import Hummingbird

/// What the commits view shows: the newest commits of HEAD's first-parent history, each with
/// what was measured at it.
struct CommitsView: PageView {
    var commits: [LoggedCommit]

    var title: String { "Commits" }
}

/// What a commit's page shows: who made it, when, and every snapshot measured at it.
struct CommitView: PageView {
    var entry: LoggedCommit

    var title: String { "Commit \(entry.commit.short)" }
}

/// The commits view: the pages `/commits` and `/commits/SHA`, and `/api/commits`.
struct CommitsController: ViewController {
    let source: DashboardSource

    static let pagePaths = ["/commits"]
    static let apiPaths = ["/api/commits"]
    /// How many commits the view lists without `?n=`.
    static let defaultLimit = 50

    func addRoutes(to router: Router<BasicRequestContext>) {
        addViewRoutes(to: router)
        router.get("/commits/:sha", use: commitPage)
    }

    @Sendable func commitPage(_ request: Request, context: BasicRequestContext) async throws -> Page {
        Page(try await load(sha: try context.parameters.require("sha")), active: Self.navigation, refresh: nil)
    }

    /// `?n=`: from 1 to 1000.
    static func ask(_ query: Query, _ context: BasicRequestContext, api: Bool) throws(DashboardError) -> Int {
        let limit = query.get("n").flatMap { Int($0) } ?? defaultLimit
        guard (1...1000).contains(limit) else { throw .badRequest("n must be from 1 to 1000") }
        return limit
    }

    static func json(_ view: CommitsView) -> [LoggedCommitJSON] { view.commits.map { LoggedCommitJSON($0) } }

    func load(_ limit: Int) async throws -> CommitsView {
        CommitsView(commits: try await source.read { try CommitLog($0).log(range: nil, limit: limit) })
    }

    /// The commit `sha` names (4 to 40 hex digits); an unknown one is a 404.
    func load(sha: String) async throws -> CommitView {
        guard (4...40).contains(sha.count), sha.allSatisfy(\.isHexDigit) else {
            throw BenchError(.badInput, "'\(sha)' is not a commit sha", hint: "use 4 to 40 hexadecimal digits")
        }
        guard let entry = try await source.read({ try CommitLog($0).log(range: sha, limit: 1) }).first else {
            throw BenchError(.badInput, "no commit \(sha)")
        }
        return CommitView(entry: entry)
    }
}
