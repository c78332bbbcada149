import Foundation
import Hummingbird
import Synchronization

/// The bodies the dashboard answers with: JSON with sorted keys, and HTML.
enum Replies {
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        json(encoded: encode(value), status: status)
    }

    /// A JSON response of bytes encoded before.
    static func json(encoded body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }

    /// The API's JSON of `value`: sorted keys, slashes as they are.
    static func encode<T: Encodable>(_ value: T) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: (try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// What an API route returns: a value encoded as the API's JSON.
struct JSONBody<Value: Encodable & Sendable>: ResponseGenerator, Sendable {
    var value: Value

    init(_ value: Value) { self.value = value }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Replies.json(value)
    }
}

/// The JSON bodies last encoded for a few keys, each kept with the value it encodes: a
/// request that reads the same value again (nothing was recorded since) is answered with the
/// bytes encoded before. The key is the value read from the store, compared whole, so a new
/// record changes it and the next request encodes afresh. Encoding, not reading, was most
/// of `/api/current`'s time.
final class EncodedBodies<Key: Equatable & Sendable>: Sendable {
    /// The most bodies kept (one per scope asked for lately).
    static var capacity: Int { 8 }

    private let kept = Mutex<[(key: Key, body: ByteBuffer)]>([])

    /// The JSON response for `key`: the kept body when `key` was encoded last time, else
    /// `value()` encoded now and kept.
    func response(for key: Key, _ value: () -> some Encodable) -> Response {
        if let body = kept.withLock({ entries in entries.first { $0.key == key }?.body }) { return Replies.json(encoded: body) }
        let body = Replies.encode(value())
        kept.withLock { entries in
            entries.removeAll { $0.key == key }
            entries.insert((key, body), at: 0)
            if entries.count > Self.capacity { entries.removeLast() }
        }
        return Replies.json(encoded: body)
    }
}
