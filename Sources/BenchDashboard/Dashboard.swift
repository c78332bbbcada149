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
    /// The router: one error middleware, then each view's controller with its page and API
    /// routes, and the write actions.
    public static func router(_ options: DashboardOptions) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Before the routes: a middleware wraps only the routes added after it.
        router.add(middleware: ErrorMiddleware())
        let source = options.source
        CurrentController(source: source).addRoutes(to: router)
        TrendsController(source: source).addRoutes(to: router)
        ComparisonController(source: source).addRoutes(to: router)
        RegressionsController(source: source).addRoutes(to: router)
        HistoryController(source: source, writable: options.token != nil).addRoutes(to: router)
        CommitsController(source: source).addRoutes(to: router)
        ActionsController(source: source, token: options.token).addRoutes(to: router)
        return router
    }

    /// The application `bench serve` runs.
    public static func application(_ options: DashboardOptions) -> some ApplicationProtocol {
        Application(router: router(options),
                    configuration: .init(address: .hostname(options.host, port: options.port), serverName: "bench"))
    }
}
