import BenchCore
import BenchKit
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The write actions of the history page: `POST /api/checkout` (a rollback) and
/// `POST /api/baseline`. Each needs the server's token, a same-origin request and a JSON body;
/// each answers with the snapshot it made current or baseline.
struct ActionsController: Sendable {
    let source: DashboardSource
    /// Nil: the server was started without one, and writes are disabled.
    let token: String?
    /// The largest body read, in bytes (`ServerLimits.body`).
    let bodyLimit: Int

    /// What a write does to the series.
    enum Action { case checkout, baseline }

    /// The body of a write: the series (by its fields) and the version.
    struct WriteRequest: Decodable {
        var model: String
        var version: Int?
        var branch: String?
        var environment: String?
        var dataset: String?
        var prompt: String?

        var filter: SeriesFilter {
            SeriesFilter(modelVersion: model, datasetVersion: dataset, promptVersion: prompt, environment: environment, branchName: branch)
        }
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/api/checkout", use: checkout)
        router.post("/api/baseline", use: baseline)
    }

    @Sendable func checkout(_ request: Request, context: BasicRequestContext) async throws -> JSONBody<SnapshotJSON> {
        try await write(request, .checkout)
    }

    @Sendable func baseline(_ request: Request, context: BasicRequestContext) async throws -> JSONBody<SnapshotJSON> {
        try await write(request, .baseline)
    }

    /// A write: the token, then same origin, then a well-formed body, then the store.
    func write(_ request: Request, _ action: Action) async throws -> JSONBody<SnapshotJSON> {
        let body = try await Self.authorizedBody(request, token: token, limit: bodyLimit)
        guard let parsed = try? JSONDecoder().decode(WriteRequest.self, from: body) else {
            throw DashboardError.badRequest("the body must be JSON: {\"model\": \"…\", \"version\": N, \"branch\": \"…\"}")
        }
        if let version = parsed.version, version < 1 { throw DashboardError.badRequest("version must be 1 or more") }
        if action == .checkout && parsed.version == nil { throw DashboardError.badRequest("give the version to check out") }
        let snapshot = try await source.read { session in
            switch action {
            case .checkout: try SnapshotActions(session).checkout(parsed.filter, version: parsed.version)
            case .baseline: try SnapshotActions(session).setBaseline(parsed.filter, version: parsed.version)
            }
        }
        return JSONBody(SnapshotJSON(snapshot))
    }

    /// The body of a write, once the token, then same origin, are checked: every write's gate.
    static func authorizedBody(_ request: Request, token: String?, limit: Int) async throws -> Data {
        guard let token else { throw DashboardError.forbidden("writes are disabled", hint: "start bench serve with --token") }
        guard let presented = request.headers[.authorization], constantTimeEquals(presented, "Bearer \(token)") else {
            throw DashboardError.unauthorized("a valid token is required", hint: "send Authorization: Bearer <token>")
        }
        guard sameOrigin(request) else { throw DashboardError.forbidden("cross-origin writes are refused") }
        var request = request
        do {
            return Data(try await request.collectBody(upTo: limit).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw DashboardError(status: .contentTooLarge, message: "the body is larger than \(limit) bytes", hint: "send one line of JSON")
        }
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
