import BenchCore
import BenchKit
import Foundation
import HTTPTypes
import Hummingbird

/// The JSON API: current, history, trends, commits; POST checkout and baseline.
struct APIRoutes: Sendable {
    let source: DashboardSource
    let token: String?

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/current") { request, _ in await self.current(request) }
        router.get("/api/history/:model") { request, context in await self.history(request, model: context.parameters.get("model") ?? "") }
        router.get("/api/trends") { request, _ in await self.trends(request) }
        router.get("/api/commits") { request, _ in await self.commits(request) }
        router.post("/api/checkout") { request, context in await self.write(request, context: context, action: .checkout) }
        router.post("/api/baseline") { request, context in await self.write(request, context: context, action: .baseline) }
    }

    func current(_ request: Request) async -> Response {
        let branch = request.uri.queryParameters.get("branch"), environment = request.uri.queryParameters.get("environment")
        do {
            let snapshots = try await source.read { try SnapshotQueries($0).current(branch: branch, environment: environment) }
            return Replies.json(snapshots.map(SnapshotJSON.init))
        } catch { return Replies.apiError(error) }
    }

    struct HistoryJSON: Encodable {
        var series: SeriesKey
        var snapshots: [SnapshotJSON]
    }

    func history(_ request: Request, model: String) async -> Response {
        let selector = SeriesFilter(modelVersion: model, environment: request.uri.queryParameters.get("environment"), branchName: request.uri.queryParameters.get("branch"))
        do {
            let histories = try await source.read { try SnapshotQueries($0).history(selector) }
            return Replies.json(histories.map { HistoryJSON(series: $0.series, snapshots: $0.snapshots.map(SnapshotJSON.init)) })
        } catch { return Replies.apiError(error) }
    }

    struct TrendJSON: Encodable {
        struct PointJSON: Encodable {
            var snapshot_version: Int
            var commit_sha: String
            var created_at: String
            var value: Double
        }
        var series: SeriesKey
        var metric: String
        var points: [PointJSON]
    }

    func trends(_ request: Request) async -> Response {
        guard let metric = request.uri.queryParameters.get("metric"), !metric.isEmpty else {
            return Replies.badRequest("give ?metric=NAME (and optionally &range=7d|30d|90d|all&model=NAME, repeatable)")
        }
        guard let range = TrendRange(request.uri.queryParameters.get("range") ?? "all") else {
            return Replies.badRequest("range must be 7d, 30d, 90d or all")
        }
        let models = Query(request).all("model")
        let scope = Scope(Query(request))
        do {
            let trends = try await source.read { session in
                try Trends.load(session, metric: metric, range: range,
                                current: try SnapshotQueries(session).current(branch: scope.branch, environment: scope.environment), models: models)
            }
            return Replies.json(trends.map { trend in
                TrendJSON(series: trend.series, metric: metric, points: trend.points.map {
                    .init(snapshot_version: $0.version, commit_sha: $0.commitSha, created_at: Timestamp.format($0.createdAt), value: $0.metrics[metric]!.value)
                })
            })
        } catch { return Replies.apiError(error) }
    }

    func commits(_ request: Request) async -> Response {
        let limit = request.uri.queryParameters.get("n").flatMap { Int($0) } ?? 50
        guard (1...1000).contains(limit) else { return Replies.badRequest("n must be from 1 to 1000") }
        do {
            let commits = try await source.read { try CommitLog($0).log(range: nil, limit: limit) }
            return Replies.json(commits.map { LoggedCommitJSON($0) })
        } catch { return Replies.apiError(error) }
    }

    enum WriteAction { case checkout, baseline }

    struct WriteRequest: Decodable {
        var model: String
        var version: Int?
        var branch: String?
        var environment: String?
        var dataset: String?
        var prompt: String?
    }

    /// A write: the token, then same origin, then a well-formed body.
    func write(_ request: Request, context: BasicRequestContext, action: WriteAction) async -> Response {
        guard let token else {
            return Replies.json(Replies.ErrorJSON(error: "writes are disabled", hint: "start bench serve with --token"), status: .forbidden)
        }
        guard let presented = request.headers[.authorization], Self.constantTimeEquals(presented, "Bearer \(token)") else {
            return Replies.json(Replies.ErrorJSON(error: "a valid token is required", hint: "send Authorization: Bearer <token>"), status: .unauthorized)
        }
        guard Self.sameOrigin(request) else {
            return Replies.json(Replies.ErrorJSON(error: "cross-origin writes are refused", hint: nil), status: .forbidden)
        }
        var request = request
        guard let body = try? await request.collectBody(upTo: 64 * 1024),
              let parsed = try? JSONDecoder().decode(WriteRequest.self, from: Data(body.readableBytesView)) else {
            return Replies.badRequest("the body must be JSON: {\"model\": \"…\", \"version\": N, \"branch\": \"…\"}")
        }
        if let version = parsed.version, version < 1 { return Replies.badRequest("version must be 1 or more") }
        if action == .checkout && parsed.version == nil { return Replies.badRequest("give the version to check out") }
        let selector = SeriesFilter(modelVersion: parsed.model, datasetVersion: parsed.dataset, promptVersion: parsed.prompt,
                                      environment: parsed.environment, branchName: parsed.branch)
        do {
            let snapshot = try await source.read { session in
                switch action {
                case .checkout: try SnapshotActions(session).checkout(selector, version: parsed.version)
                case .baseline: try SnapshotActions(session).setBaseline(selector, version: parsed.version)
                }
            }
            return Replies.json(SnapshotJSON(snapshot))
        } catch { return Replies.apiError(error) }
    }

    /// Compares without stopping at the first difference, so timing tells nothing of the token.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }

    /// A browser's request from a page of this server: its Origin (when sent) names the host
    /// it was sent to, and Sec-Fetch-Site (when sent) says same-origin. Scripts send neither.
    static func sameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin" && site != "none" { return false }
        guard let origin = request.headers[HTTPField.Name("Origin")!] else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }
}
