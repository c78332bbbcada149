import BenchKit
import Foundation

/// Where `bench serve` and `bench report` run. The dashboard (Hummingbird, SwiftNIO) lives in
/// the `bench-dashboard` program beside `bench`, so that every other command, the git hooks
/// among them, starts without loading it (about 9 ms of every start). `bench-dashboard` is
/// bench with the dashboard linked in: it fills in these entry points, then runs the same
/// command line.
public enum DashboardLauncher {
    public struct ServeRequest: Sendable {
        public var repositoryPath: String
        public var environment: [String: String]
        public var storeOverride: String?
        public var host: String
        public var port: Int
        public var token: String?
    }

    public struct ReportRequest: Sendable {
        public var repositoryPath: String
        public var environment: [String: String]
        public var storeOverride: String?
        public var metric: String?
    }

    /// Set once by `bench-dashboard`'s main before any command runs; nil in `bench`.
    nonisolated(unsafe) public static var serve: (@Sendable (ServeRequest) async throws -> Void)?
    nonisolated(unsafe) public static var report: (@Sendable (ReportRequest) async throws -> String)?

    /// Replaces this process with `bench-dashboard` and the same arguments: the one beside
    /// this program, else the first on PATH.
    static func handOver(_ command: String) throws(BenchError) -> Never {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let beside = (own as NSString).deletingLastPathComponent + "/bench-dashboard"
        let arguments = ["bench-dashboard"] + CommandLine.arguments.dropFirst()
        let argv = arguments.map { strdup($0) } + [nil]
        fflush(nil)   // every output stream: nothing printed so far may be lost with this process
        if FileManager.default.isExecutableFile(atPath: beside) { execv(beside, argv) }
        execvp("bench-dashboard", argv)
        throw BenchError(.environment, "`bench \(command)` needs the bench-dashboard program, beside bench (\(beside)) or on PATH",
                         hint: "build it with `swift build -c release --product bench-dashboard` and install it next to bench")
    }
}
