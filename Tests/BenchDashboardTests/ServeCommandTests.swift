import BenchTestSupport
import Foundation
import Testing

/// `bench serve` itself, as a user runs it.
@Suite struct ServeCommandTests {
    /// A port something else listens on: one line says so, nothing is printed before it (no
    /// "dashboard on" banner), and the exit code is the environment's.
    @Test func aPortInUseIsOneLineAndExitCode3() throws {
        let setup = try DashboardTests.Fixture()
        let listener = try Listener()
        defer { close(listener.descriptor) }
        let result = try Self.run(["serve", "--port", String(listener.port)], in: setup.fixture.path)
        #expect(result.status == 3)
        #expect(result.stderr == "error: port \(listener.port) is in use; pick another with --port\n")
        #expect(result.stdout.isEmpty)
    }

    /// Runs bench under `timeout`: a server that did start would run on (and exit 124).
    static func run(_ arguments: [String], in directory: String) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["BENCH_DATABASE_URL"] = nil
        return try ProcessRunner.run("/usr/bin/env", ["timeout", "30", BenchBinary.path] + arguments, in: directory, environment: environment)
    }
}

/// A socket listening on a free loopback port, as another program would hold it.
struct Listener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && listen(descriptor, 1) == 0
                && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw FixtureError("cannot listen on a loopback port") }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }
}
