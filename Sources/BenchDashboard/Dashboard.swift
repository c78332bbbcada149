import BenchCore
import BenchKit
import Foundation
import Hummingbird

/// How `bench serve` runs.
public struct DashboardOptions: Sendable {
    public var source: DashboardSource
    public var host: String
    public var port: Int
    /// Enables the write actions (rollback, baseline) for requests that present it.
    public var token: String?

    public init(source: DashboardSource, host: String = "127.0.0.1", port: Int = 8080, token: String? = nil) {
        self.source = source
        self.host = host
        self.port = port
        self.token = token
    }
}

/// The dashboard: server-rendered pages (SVG charts, no external resource) over a JSON API
/// that scripts can use too. Reads need no token; writes need `Authorization: Bearer` and a
/// same-origin request.
public enum Dashboard {
    /// The router with every page and API route.
    public static func router(_ options: DashboardOptions) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let api = APIRoutes(source: options.source, token: options.token)
        let pages = PageRoutes(source: options.source, writable: options.token != nil)
        api.register(on: router)
        pages.register(on: router)
        BoardRoutes(source: options.source).register(on: router)
        return router
    }

    /// The application `bench serve` runs.
    public static func application(_ options: DashboardOptions) -> some ApplicationProtocol {
        Application(router: router(options),
                    configuration: .init(address: .hostname(options.host, port: options.port), serverName: "bench"))
    }
}

/// Responses of the dashboard: JSON, HTML and errors, with the status codes of the API.
enum Replies {
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    struct ErrorJSON: Encodable {
        var error: String
        var hint: String?
    }

    /// The status a failure maps to: unknown series 404, other bad input 400, the rest 503.
    static func status(_ error: Error) -> HTTPResponse.Status {
        guard let error = error as? BenchError else { return .internalServerError }
        switch error.kind {
        case .badInput: return error.situation == .notFound ? .notFound : .badRequest
        case .environment: return .serviceUnavailable
        }
    }

    static func apiError(_ error: Error) -> Response {
        let bench = error as? BenchError
        return json(ErrorJSON(error: bench?.message ?? "internal error", hint: bench?.hint), status: status(error))
    }

    static func badRequest(_ message: String) -> Response {
        json(ErrorJSON(error: message, hint: nil), status: .badRequest)
    }
}
