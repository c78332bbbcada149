import Hummingbird

/// Refuses a query parameter whose name or value, decoded, is longer than the limit (400)
/// before any view reads it: a view may show a parameter back, and a long one would be
/// echoed into the page at length.
struct QueryLimitMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        for (key, value) in Query.pairs(request.uri.query) where key.utf8.count > limit || value.utf8.count > limit {
            let name = key.utf8.count > limit ? "a query parameter's name" : "the query parameter '\(key)'"
            throw DashboardError.badRequest("\(name) is longer than \(limit) bytes")
        }
        return try await next(request, context)
    }
}
