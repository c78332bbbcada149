import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plain GET requests to a server the test started on loopback.
public enum LocalHTTP {
    /// The body of a 200 reply, or nil (not listening yet, another status, a timeout).
    public static func get(_ url: String, timeout: TimeInterval = 10) -> Data? {
        guard let url = URL(string: url) else { return nil }
        let box = Box()
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout
        let task = URLSession.shared.dataTask(with: request) { data, response, _ in
            box.set((response as? HTTPURLResponse)?.statusCode == 200 ? data : nil)
        }
        task.resume()
        return box.wait(timeout: timeout + 1)
    }

    /// Waits until `url` answers 200; false after `timeout`.
    public static func waitUntilServing(_ url: String, timeout: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if get(url, timeout: 2) != nil { return true }
            usleep(100_000)
        }
        return false
    }

    private final class Box: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var value: Data?

        func set(_ data: Data?) {
            value = data
            done.signal()
        }

        func wait(timeout: TimeInterval) -> Data? {
            guard done.wait(timeout: .now() + timeout) == .success else { return nil }
            return value
        }
    }
}
