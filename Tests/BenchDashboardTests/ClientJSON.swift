import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

extension TestClientProtocol {
    /// GETs `uri`, expects 200 OK, and returns the body parsed as JSON, as `T` (nil when it
    /// is not one).
    func json<T>(_ uri: String, as type: T.Type, sourceLocation: SourceLocation = #_sourceLocation) async throws -> T? {
        let response: TestResponse = try await execute(uri: uri, method: .get)
        #expect(response.status == .ok, sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? T
    }
}
