import BenchKit
import HTTPTypes
import Hummingbird

/// A failure as the dashboard reports it: a status, what went wrong, and what to do. Handlers
/// throw it for what they refuse before reading (a bad parameter, a missing token); any other
/// error becomes one in `init(_:)`.
struct DashboardError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String
    var hint: String?
    /// Fields the response carries besides the body's (`Allow` on a 405).
    var headers: HTTPFields = [:]

    /// A malformed parameter or body: 400.
    static func badRequest(_ message: String) -> DashboardError {
        DashboardError(status: .badRequest, message: message)
    }

    /// No token, or the wrong one: 401.
    static func unauthorized(_ message: String, hint: String) -> DashboardError {
        DashboardError(status: .unauthorized, message: message, hint: hint)
    }

    /// Refused whatever the token: 403.
    static func forbidden(_ message: String, hint: String? = nil) -> DashboardError {
        DashboardError(status: .forbidden, message: message, hint: hint)
    }

    /// A method the path does not take: 405, with the methods it does in `Allow`.
    static func methodNotAllowed(_ method: HTTPRequest.Method, path: String, allowed: [HTTPRequest.Method]) -> DashboardError {
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        return DashboardError(status: .methodNotAllowed, message: "\(method.rawValue) is not allowed on \(path)",
                              hint: "use \(names)", headers: [.allow: names])
    }

    init(status: HTTPResponse.Status, message: String, hint: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.hint = hint
        self.headers = headers
    }

    /// Any error a handler throws: a `BenchError` keeps its message and hint, with 404 for
    /// what does not exist, 400 for other bad input and 503 for the environment; Hummingbird's
    /// own errors keep their status and message; anything else is a 500 that says no more than
    /// "internal error".
    init(_ error: any Error) {
        switch error {
        case let error as DashboardError:
            self = error
        case let error as BenchError:
            let status: HTTPResponse.Status = switch error.kind {
            case .badInput: error.situation == .notFound ? .notFound : .badRequest
            case .environment: .serviceUnavailable
            }
            self.init(status: status, message: error.message, hint: error.hint)
        case let error as any HTTPResponseError:
            let known = error as? HTTPError
            self.init(status: error.status, message: known?.body ?? error.status.reasonPhrase.lowercased(), headers: known?.headers ?? [:])
        default:
            self.init(status: .internalServerError, message: "internal error")
        }
    }

    /// The API's error body: `{"error": …, "hint": …}` (no hint key when there is none).
    struct JSON: Encodable {
        var error: String
        var hint: String?
    }
}

/// The one place a thrown error becomes a response: JSON `{error, hint}` under `/api/`, the
/// HTML error page elsewhere, with the same status either way; Hummingbird's own errors (a
/// body too large for `collectBody`) too.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure = DashboardError(error)
            var response = Self.isAPI(request.uri.path)
                ? Replies.json(DashboardError.JSON(error: failure.message, hint: failure.hint), status: failure.status)
                : Page.error(failure).response
            response.headers.append(contentsOf: failure.headers)
            return response
        }
    }

    /// Whether a path is the API's, which answers JSON.
    static func isAPI(_ path: String) -> Bool {
        path == "/api" || path.hasPrefix("/api/")
    }
}
