import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The handler between HTTP decoding and the application: it tells the `RequestGuard` where
/// each request and response begins and ends, refuses a body larger than the limit (413) by
/// its `Content-Length` before the application sees the request, or by its bytes as they
/// come, and drops what the application writes once a refusal went out.
final class ExchangeWatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let requestGuard: RequestGuard
    private let bodyLimit: Int
    private var bodyBytes = 0

    init(_ requestGuard: RequestGuard, bodyLimit: Int) {
        self.requestGuard = requestGuard
        self.bodyLimit = bodyLimit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !requestGuard.refused else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if let length = head.headerFields[.contentLength].flatMap({ Int($0) }), length > bodyLimit {
                return requestGuard.refuse(.contentTooLarge)
            }
            bodyBytes = 0
            requestGuard.requestForwarded()
        case .body(let chunk):
            bodyBytes += chunk.readableBytes
            if bodyBytes > bodyLimit { return requestGuard.refuse(.contentTooLarge, forwardedRequest: true) }
        case .end:
            requestGuard.requestEnded()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !requestGuard.closing else {
            promise?.fail(ChannelError.outputClosed)
            return
        }
        let part = unwrapOutboundIn(data)
        if case .head = part { requestGuard.responseStarted() }
        context.write(data, promise: promise)
        if case .end = part { requestGuard.responseEnded() }
    }
}

@available(*, unavailable)
extension ExchangeWatcher: Sendable {}
