import Foundation

/// Real receivers of notifications on loopback, for tests: a webhook server that checks each
/// service's body shape and the generic webhook's signature (Receivers/webhook_receiver.py),
/// and an SMTP server with STARTTLS and AUTH (Receivers/smtp_receiver.py, aiosmtpd from PyPI).
/// Each gets a free port when made and listens only between `start()` and `stop()`, so a test
/// can have it down, then up. What it received is read back from its log.
public final class LoopbackReceiver: @unchecked Sendable {
    public let port: Int
    let script: String
    let arguments: [String]
    let log: String
    var process: Process?

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Receivers").path

    init(script: String, arguments: (Int, String) -> [String]) throws {
        port = try FreePort.find()
        log = FileManager.default.temporaryDirectory.appendingPathComponent("receiver-\(UUID().uuidString).jsonl").path
        self.script = Self.directory + "/" + script
        self.arguments = arguments(port, log)
    }

    /// The webhook receiver; `/webhook` requests must be signed with `secret`.
    public static func webhooks(secret: String) throws -> LoopbackReceiver {
        try LoopbackReceiver(script: "webhook_receiver.py") { port, log in [String(port), log, secret] }
    }

    /// The SMTP server, offering (and requiring) STARTTLS with a certificate made now for
    /// 127.0.0.1 (`certificate` is the CA file to trust), then AUTH as `user`.
    public static func mail(user: String, password: String) throws -> (receiver: LoopbackReceiver, certificate: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificate = directory + "/cert.pem", key = directory + "/key.pem"
        let made = try ProcessRunner.run("/usr/bin/env", ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                                                          "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                                                          "-keyout", key, "-out", certificate], in: directory)
        guard made.status == 0 else { throw FixtureError("openssl could not make a certificate: \(made.stderr)") }
        let receiver = try LoopbackReceiver(script: "smtp_receiver.py") { port, log in [String(port), log, certificate, key, user, password] }
        return (receiver, certificate)
    }

    /// Whether the SMTP server can run here: aiosmtpd (`make test-deps` installs it) and openssl.
    public static let mailAvailable: Bool = {
        (try? ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import aiosmtpd"], in: "/").status) == 0
            && (try? ProcessRunner.run("/usr/bin/env", ["openssl", "version"], in: "/").status) == 0
    }()

    /// Starts listening; returns once the port accepts connections.
    public func start() throws {
        process = try ProcessRunner.start("/usr/bin/env", ["python3", script] + arguments)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if Self.accepts(port) { return }
            guard process?.isRunning == true else { break }
            usleep(50_000)
        }
        stop()
        throw FixtureError("\(script) did not start listening on port \(port)")
    }

    /// Stops listening (the log stays). SIGKILL, reaped with waitpid: a test runner can leave
    /// SIGTERM ignored in its children, and Foundation's waitUntilExit can miss such a death.
    public func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        waitpid(process.processIdentifier, nil, 0)
        self.process = nil
    }

    deinit { stop() }

    /// What it received, one object per request or mail, in order.
    public var received: [[String: Any]] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// `http://127.0.0.1:PORT/path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
