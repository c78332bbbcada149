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
    public var limits: ServerLimits

    public init(source: DashboardSource, host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, limits: ServerLimits = ServerLimits()) {
        self.source = source
        self.host = host
        self.port = port
        self.token = token
        self.limits = limits
    }
}

/// The dashboard: server-rendered pages (SVG charts, no external resource) over a JSON API
/// that scripts can use too. Reads need no token; writes need `Authorization: Bearer` and a
/// same-origin request.
public enum Dashboard {
    /// The router: the security headers, the error mapping and the query limit around each
    /// view's controller with its page and API routes, and the write actions; then the answer
    /// for what no route serves (404, or 405 for a wrong method).
    public static func router(_ options: DashboardOptions) -> Router<BasicRequestContext> {
        let routerOptions: RouterOptions = .autoGenerateHeadEndpoints
        let router = Router(context: BasicRequestContext.self, options: routerOptions)
        // Before the routes: a middleware wraps only the routes added after it.
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: QueryLimitMiddleware(limit: options.limits.queryParameter))
        let source = options.source
        CurrentController(source: source).addRoutes(to: router)
        TrendsController(source: source).addRoutes(to: router)
        ComparisonController(source: source).addRoutes(to: router)
        RegressionsController(source: source).addRoutes(to: router)
        HistoryController(source: source, writable: options.token != nil).addRoutes(to: router)
        CommitsController(source: source).addRoutes(to: router)
        ActionsController(source: source, token: options.token, bodyLimit: options.limits.body).addRoutes(to: router)
        // After the routes: it wraps only the router's "not found".
        router.add(middleware: UnknownRouteMiddleware(routes: RouteMethods(router, headToo: routerOptions.contains(.autoGenerateHeadEndpoints))))
        return router
    }

    /// The application `bench serve` runs.
    public static func application(_ options: DashboardOptions) -> some ApplicationProtocol {
        Application(router: router(options),
                    configuration: .init(address: .hostname(options.host, port: options.port), serverName: "bench"))
    }
}
