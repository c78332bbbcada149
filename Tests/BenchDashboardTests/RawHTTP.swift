import Foundation

/// One connection to a server on loopback, driven byte by byte on a thread of its own (so a
/// blocked socket never holds a task of the concurrency pool the server needs).
enum RawHTTP {
    /// What the server sent before closing (or before `timeout`), and when it closed.
    struct Exchange {
        var response: String
        /// Seconds from connecting to the server's close; nil when it did not close in time.
        var closedAfter: Double?

        var status: Int? { response.split(separator: " ").dropFirst().first.flatMap { Int($0) } }
    }

    /// Sends `parts` (waiting `pause` seconds between them, and stopping when the server
    /// closes), then reads until the server closes or `timeout` passes.
    static func exchange(port: Int, _ parts: [Data], pause: Double = 0, timeout: Double = 20) async -> Exchange {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: run(port: port, parts, pause: pause, timeout: timeout)) }.start()
        }
    }

    private static func run(port: Int, _ parts: [Data], pause: Double, timeout: Double) -> Exchange {
        let start = Date()
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return Exchange(response: "connect failed", closedAfter: nil) }
        // A server that stops reading must not block the sender past the timeout.
        var sendTimeout = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        var received = Data()
        var closed = false
        /// Reads what is there (waiting up to `wait` seconds for something); true once the server closed.
        func read(wait: Double) -> Bool {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(wait * 1000)) > 0 else { return false }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 { received.append(contentsOf: buffer[0..<count]) }
            return count <= 0
        }
        sending: for (index, part) in parts.enumerated() {
            if index > 0 && pause > 0 { closed = read(wait: pause) }
            if closed { break }
            var offset = 0
            while offset < part.count {
                let sent = part.withUnsafeBytes { send(socket, $0.baseAddress! + offset, part.count - offset, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { break sending }
                offset += sent
            }
        }
        while !closed && Date().timeIntervalSince(start) < timeout { closed = read(wait: 0.05) }
        return Exchange(response: String(decoding: received, as: UTF8.self), closedAfter: closed ? Date().timeIntervalSince(start) : nil)
    }
}
