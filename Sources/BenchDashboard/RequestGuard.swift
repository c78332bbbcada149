import HTTPTypes
import NIOCore

/// The first handler of a connection, before HTTP decoding: it measures each request's head
/// as its bytes arrive and times each request, and answers a client that goes past a limit at
/// once. A request line longer than `ServerLimits.requestLine` is 414, a longer head 431, a
/// request still arriving `requestTimeout` after its first byte 408; `ExchangeWatcher` asks
/// for 413 when a body is too large.
///
/// A refusal is written as raw bytes (`Connection: close`, with the security headers), after
/// any response being written; then the output is shut and whatever the client still sends is
/// read and dropped for a moment before closing. Closing at once would leave the client
/// blocked on sending its 10 MB, or reset the connection before it read the answer.
///
/// A request is measured from where the previous one ended (the watcher says so), so heads
/// pipelined behind another in one read are left to the decoder's own limits (a 400).
final class RequestGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Where the current request is: in its head (bytes so far, of the current line, whether
    /// the request line is done), past it, or refused.
    private enum Phase {
        case head(bytes: Int, line: Int, requestLineDone: Bool)
        case body
        case refused
    }

    /// How long a refused client may go on sending before the connection is closed.
    static let linger = TimeAmount.seconds(5)

    private let limits: ServerLimits
    private var phase = Phase.head(bytes: 0, line: 0, requestLineDone: false)
    private var context: ChannelHandlerContext?
    private var deadline: Scheduled<Void>?
    /// Requests passed to the application, and responses it began and finished.
    private var forwarded = 0, started = 0, ended = 0
    /// A refusal waiting for the response being written, and the number of the request it
    /// refuses (a request already answered gets no second answer).
    private var pending: (status: HTTPResponse.Status, request: Int)?
    /// Whether the refusal went out: the application's later writes are dropped.
    private(set) var closing = false

    init(limits: ServerLimits) {
        self.limits = limits
    }

    var refused: Bool {
        if case .refused = phase { return true }
        return false
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if refused, case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard case .head(var bytes, var line, var requestLineDone) = phase else {
            if !refused { context.fireChannelRead(data) }
            return
        }
        if bytes == 0 && buffer.readableBytes > 0 { startClock(context) }
        for byte in buffer.readableBytesView {
            bytes += 1
            guard byte == UInt8(ascii: "\n") else {
                if byte != UInt8(ascii: "\r") { line += 1 }
                if !requestLineDone && bytes > limits.requestLine { return refuse(.uriTooLong) }
                if bytes > limits.head { return refuse(.requestHeaderFieldsTooLarge) }
                continue
            }
            if line == 0 && requestLineDone {
                phase = .body
                context.fireChannelRead(data)
                return
            }
            // Empty lines before a request line are allowed, and skipped.
            if line > 0 { requestLineDone = true }
            line = 0
        }
        phase = .head(bytes: bytes, line: line, requestLineDone: requestLineDone)
        context.fireChannelRead(data)
    }

    // MARK: What the watcher reports

    /// The application got a request's head.
    func requestForwarded() { forwarded += 1 }

    /// A request was read to its end: the next bytes start the next one.
    func requestEnded() {
        guard !refused else { return }
        deadline?.cancel()
        deadline = nil
        phase = .head(bytes: 0, line: 0, requestLineDone: false)
    }

    func responseStarted() { started += 1 }

    func responseEnded() {
        ended += 1
        settle()
    }

    /// Refuses the current request with `status`; `forwardedRequest` when the application
    /// already has its head (a body too large or too slow).
    func refuse(_ status: HTTPResponse.Status, forwardedRequest: Bool = false) {
        guard !refused, let context else { return }
        phase = .refused
        pending = (status, forwardedRequest ? forwarded : forwarded + 1)
        deadline?.cancel()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: Self.linger) { context.close(promise: nil) }
        settle()
    }

    // MARK: Private

    private func startClock(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(limits.requestTimeout)) { [self] in
            deadline = nil
            if case .body = phase { refuse(.requestTimeout, forwardedRequest: true) } else { refuse(.requestTimeout) }
        }
    }

    /// Sends the pending refusal once the responses before it are written (none when the
    /// request was answered already), then shuts the output once it is sent. A request the
    /// application has is waited for only while its response is half-written: it may be
    /// waiting for the body that is refused.
    private func settle() {
        guard let refusal = pending, let context else { return }
        let waiting = refusal.request > forwarded ? ended < forwarded : started != ended
        guard !waiting else { return }
        pending = nil
        closing = true
        if started < refusal.request {
            context.writeAndFlush(wrapOutboundOut(Self.response(refusal.status)), promise: nil)
        }
        context.close(mode: .output, promise: nil)
    }

    /// A refusal as bytes: the status, the security headers, a one-line body.
    static func response(_ status: HTTPResponse.Status) -> ByteBuffer {
        let body = "\(status.code) \(status.reasonPhrase)\n"
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
        head += "Content-Length: \(body.utf8.count)\r\n"
        for field in SecurityHeaders.fields { head += "\(field.name.rawName): \(field.value)\r\n" }
        return ByteBuffer(string: head + "\r\n" + body)
    }
}

@available(*, unavailable)
extension RequestGuard: Sendable {}
