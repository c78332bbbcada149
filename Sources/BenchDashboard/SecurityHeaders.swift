import BenchCore
import Foundation
import HTTPTypes
import Hummingbird

/// The headers every response carries: no content sniffing, no framing, no referrer, and a
/// Content-Security-Policy that allows what the pages use and nothing else (their style
/// sheet and their two inline scripts by hash, forms and `fetch` to this server).
enum SecurityHeaders {
    /// The inline scripts of the pages, exactly as they appear between `<script>` and `</script>`.
    static let scripts = [HistoryView.writeScript, RegressionsView.sliderScript, RegressionsView.alertScript, TableScript.code, PanelScript.code]

    static let contentSecurityPolicy: String = {
        let scriptSources = scripts.map(source).joined(separator: " ")
        return "default-src 'none'; script-src \(scriptSources); style-src \(source(HTML.styleSheet)); img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }()

    static let fields: HTTPFields = [
        .contentSecurityPolicy: contentSecurityPolicy,
        .xContentTypeOptions: "nosniff",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]

    /// A CSP source naming inline text by its hash: `'sha256-…'`.
    static func source(_ text: String) -> String {
        "'sha256-\(Data(SHA256.digest(text.utf8)).base64EncodedString())'"
    }
}

/// Sets `SecurityHeaders.fields` on every response of the router, errors included.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // ErrorMiddleware answers everything a route throws; this is for what it cannot see.
            response = try error.response(from: request, context: context)
        }
        for field in SecurityHeaders.fields { response.headers[field.name] = field.value }
        return response
    }
}
