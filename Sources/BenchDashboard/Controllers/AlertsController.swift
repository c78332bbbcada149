import BenchCore
import BenchKit
import Foundation
import Hummingbird

/// The alerts of the API: `GET /api/alerts?status=…` (the shape of `bench alerts --json`)
/// and the triage actions `POST /api/alerts/{id}/ack|dismiss|reopen` with a JSON body
/// `{"note": "…", "reason": "false-alarm" | "expected"}` (the reason for a dismissal), which
/// need the server's token and a same-origin request, like the other writes; each answers
/// with the alert as it is after the change.
struct AlertsController: Sendable {
    let source: DashboardSource
    /// Nil: the server was started without one, and triage is disabled.
    let token: String?
    let bodyLimit: Int

    /// The body of a triage action.
    struct ActionBody: Decodable {
        var note: String?
        var reason: String?
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/alerts", use: list)
        router.post("/api/alerts/:id/:action", use: act)
    }

    /// `?status=open|acknowledged|dismissed|resolved|all`; live alerts (open and acknowledged) when absent.
    static func statuses(_ query: Query) throws(BenchError) -> Set<AlertStatus> {
        guard let text = query.get("status"), !text.isEmpty else { return AlertStatus.live }
        guard let statuses = AlertStatus.selection(text) else {
            throw BenchError(.badInput, "status '\(text)' is not one of open, acknowledged, dismissed, resolved, all", hint: "e.g. ?status=all")
        }
        return statuses
    }

    @Sendable func list(_ request: Request, context: BasicRequestContext) async throws -> JSONBody<[AlertJSON]> {
        let statuses = try Self.statuses(Query(request))
        return JSONBody(try await source.read { session in try AlertDesk(session).alerts(statuses) }.map(AlertJSON.init))
    }

    @Sendable func act(_ request: Request, context: BasicRequestContext) async throws -> JSONBody<AlertJSON> {
        let body = try await ActionsController.authorizedBody(request, token: token, limit: bodyLimit)
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw DashboardError.badRequest("'\(text)' is not an alert id") }
        let parsed: ActionBody
        if body.isEmpty {
            parsed = ActionBody()
        } else {
            guard let decoded = try? JSONDecoder().decode(ActionBody.self, from: body) else {
                throw DashboardError.badRequest("the body must be JSON: {\"note\": \"…\", \"reason\": \"false-alarm\"}")
            }
            parsed = decoded
        }
        let change: AlertRequest
        switch try context.parameters.require("action") {
        case "ack": change = .acknowledge(id: id, note: parsed.note)
        case "reopen": change = .reopen(id: id, note: parsed.note)
        case "dismiss":
            guard let reason = parsed.reason.flatMap(AlertReason.init(rawValue:)) else {
                throw DashboardError.badRequest("a dismissal needs \"reason\": \"false-alarm\" or \"expected\"")
            }
            change = .dismiss(id: id, reason: reason, note: parsed.note)
        case let other:
            throw DashboardError(status: .notFound, message: "no alert action '\(other)'", hint: "use ack, dismiss or reopen")
        }
        let events = try await source.read { session in try AlertDesk(session).apply(change) }
        return JSONBody(AlertJSON(events[0].alert))
    }
}
