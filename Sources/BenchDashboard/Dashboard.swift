import BenchCore
import BenchKit
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

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
        RegressionsController(source: source, writable: options.token != nil).addRoutes(to: router)
        HistoryController(source: source, writable: options.token != nil).addRoutes(to: router)
        CommitsController(source: source).addRoutes(to: router)
        ActionsController(source: source, token: options.token, bodyLimit: options.limits.body).addRoutes(to: router)
        AlertsController(source: source, token: options.token, bodyLimit: options.limits.body).addRoutes(to: router)
        // After the routes: it wraps only the router's "not found".
        router.add(middleware: UnknownRouteMiddleware(routes: RouteMethods(router, headToo: routerOptions.contains(.autoGenerateHeadEndpoints))))
        return router
    }

    /// The application `bench serve` runs: HTTP/1.1 with `ServerLimits`, and `onRunning`
    /// called with the port once it listens. Hummingbird logs errors only (its "listening"
    /// line is the caller's to print).
    public static func application(_ options: DashboardOptions, onRunning: @escaping @Sendable (Int) -> Void = { _ in }) -> some ApplicationProtocol {
        let limits = options.limits
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        return Application(
            router: router(options),
            server: HTTPServerBuilder { responder in GuardedHTTP1Channel(responder: responder, limits: limits) },
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "bench",
                                 availableConnectionsDelegate: MaximumAvailableConnections(limits.connections)),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? options.port) },
            logger: logger)
    }

    /// Runs the application until it is stopped (SIGINT, SIGTERM). An address it cannot
    /// listen on is an environment error that says what to do.
    public static func serve(_ options: DashboardOptions, onRunning: @escaping @Sendable (Int) -> Void) async throws {
        do {
            try await application(options, onRunning: onRunning).runService()
        } catch let error as IOError {
            throw listenError(error, options)
        } catch is SocketAddressError {
            throw BenchError(.environment, "cannot listen on \(options.host): no such host", hint: "use --host 127.0.0.1, or an address of this machine")
        }
    }

    static func listenError(_ error: IOError, _ options: DashboardOptions) -> BenchError {
        switch error.errnoCode {
        case EADDRINUSE:
            BenchError(.environment, "port \(options.port) is in use; pick another with --port")
        case EACCES:
            BenchError(.environment, "not allowed to listen on port \(options.port)", hint: "pick a port above 1023 with --port")
        case EADDRNOTAVAIL:
            BenchError(.environment, "cannot listen on \(options.host): no such address on this machine", hint: "use --host 127.0.0.1")
        default:
            BenchError(.environment, "cannot listen on \(options.host):\(options.port): \(String(cString: strerror(error.errnoCode)))")
        }
    }
}
