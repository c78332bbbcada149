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
struct CommitsController: Sendable {
    let source: DashboardSource

    /// How many commits the view lists without `?n=`.
    static let defaultLimit = 50

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/commits", use: page)
        router.get("/commits/:sha", use: commitPage)
        router.get("/api/commits", use: api)
    }

    @Sendable func page(_ request: Request, context: BasicRequestContext) async throws -> Page {
        let query = Query(request)
        return Page(try await load(limit: try Self.limit(query)), active: "/commits", refresh: query.refresh)
    }

    @Sendable func commitPage(_ request: Request, context: BasicRequestContext) async throws -> Page {
        Page(try await load(sha: try context.parameters.require("sha")), active: "/commits", refresh: nil)
    }

    @Sendable func api(_ request: Request, context: BasicRequestContext) async throws -> JSONBody<[LoggedCommitJSON]> {
        JSONBody(try await load(limit: try Self.limit(Query(request))).commits.map { LoggedCommitJSON($0) })
    }

    /// `?n=`: from 1 to 1000.
    static func limit(_ query: Query) throws(DashboardError) -> Int {
        let limit = query.get("n").flatMap { Int($0) } ?? defaultLimit
        guard (1...1000).contains(limit) else { throw .badRequest("n must be from 1 to 1000") }
        return limit
    }

    func load(limit: Int) async throws -> CommitsView {
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
