import Hummingbird

/// A view's controller: `load → view model → HTML or JSON`. It reads what a request asks
/// for, loads the view model through BenchKit, and its routes render it as a page or encode
/// it for the API; the routes themselves are written once, here.
protocol ViewController: Sendable {
    /// What a request asks the view for.
    associatedtype Ask: Sendable
    associatedtype View: PageView
    associatedtype JSON: Encodable & Sendable

    /// The paths of the page and of the API (some views answer at two of each).
    static var pagePaths: [String] { get }
    static var apiPaths: [String] { get }
    /// The navigation entry the page belongs to ("" for none).
    static var navigation: String { get }
    /// Whether the page reloads itself with `?refresh=N`.
    static var refreshes: Bool { get }

    /// What the request asks for, for the page or for the API.
    static func ask(_ query: Query, _ context: BasicRequestContext, api: Bool) throws -> Ask
    func load(_ ask: Ask) async throws -> View
    /// The view as the API answers it.
    static func json(_ view: View) -> JSON
    /// The API's response: the view's JSON, encoded (a view may keep what it encoded).
    func apiResponse(_ view: View) -> Response

    func addRoutes(to router: Router<BasicRequestContext>)
}

extension ViewController {
    static var navigation: String { pagePaths[0] }
    static var refreshes: Bool { true }

    func addRoutes(to router: Router<BasicRequestContext>) { addViewRoutes(to: router) }
    func apiResponse(_ view: View) -> Response { Replies.json(Self.json(view)) }

    /// The page and API routes.
    func addViewRoutes(to router: Router<BasicRequestContext>) {
        for path in Self.pagePaths {
            router.get(RouterPath(path)) { request, context in
                let query = Query(request)
                let view = try await load(try Self.ask(query, context, api: false))
                return Page(view, active: Self.navigation, refresh: Self.refreshes ? query.refresh : nil)
            }
        }
        for path in Self.apiPaths {
            router.get(RouterPath(path)) { request, context in
                apiResponse(try await load(try Self.ask(Query(request), context, api: true)))
            }
        }
    }
}
