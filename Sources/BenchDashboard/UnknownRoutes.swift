import HTTPTypes
import Hummingbird

/// The routes the router serves, by path and method: what tells a wrong method (405, with
/// the methods the path takes) from a path nothing serves (404).
struct RouteMethods: Sendable {
    let routes: [(path: RouterPath, method: HTTPRequest.Method)]

    /// The router's routes; with `headToo`, HEAD wherever GET (the router makes those routes
    /// only as it builds its responder, after this is made).
    init(_ router: Router<BasicRequestContext>, headToo: Bool) {
        routes = router.routes.flatMap { route in
            route.method == .get && headToo ? [(route.path, .get), (route.path, .head)] : [(route.path, route.method)]
        }
    }

    /// The methods served at `path`, in the order the routes were added.
    func methods(at path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods: [HTTPRequest.Method] = []
        for route in routes where route.path.count == segments.count && zip(route.path, segments).allSatisfy({ $0 ~= $1 })
            && !methods.contains(route.method) {
            methods.append(route.method)
        }
        return methods
    }
}

/// Added after every route, so it wraps only the router's "not found": a path some route
/// serves with another method is a 405 with `Allow`, any other a 404. `ErrorMiddleware` makes
/// either JSON under `/api/` and the HTML error page elsewhere.
struct UnknownRouteMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            let methods = routes.methods(at: path)
            guard methods.isEmpty else { throw DashboardError.methodNotAllowed(request.method, path: path, allowed: methods) }
            let api = ErrorMiddleware.isAPI(path)
            throw DashboardError(status: .notFound, message: "nothing is served at \(path)",
                                 hint: api ? "the API: " + Self.paths(routes, api: true) : "the views: " + Self.paths(routes, api: false))
        }
    }

    /// The GET paths of the API, or of the pages, for a 404's hint.
    private static func paths(_ routes: RouteMethods, api: Bool) -> String {
        let paths = routes.routes.filter { $0.method == .get && $0.path.description.hasPrefix("/api") == api }.map(\.path.description)
        return paths.joined(separator: ", ")
    }
}
