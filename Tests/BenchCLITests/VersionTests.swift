import BenchTestSupport
import Foundation
import Testing

/// `bench --version` and `bench version --json`: the build and the C libraries the binary
/// really loaded, compared with what pkg-config says is installed.
@Suite struct VersionTests {
    static func installed(_ library: String) throws -> String {
        try ProcessRunner.run("/usr/bin/env", ["pkg-config", "--modversion", library], in: "/").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func versionJSONNamesTheBuildAndTheLibraries() throws {
        let box = try Sandbox()
        let result = try box.bench("version", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try Sandbox.json(result) as? [String: String])
        #expect(Set(json.keys) == ["version", "commit", "date", "libgit2", "sqlite", "libpq"])
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let versionFile = try String(contentsOf: root.appendingPathComponent("VERSION"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let environment = ProcessInfo.processInfo.environment
        #expect(json["version"] == environment["BENCH_VERSION"] ?? versionFile)
        #expect(json["commit"] == environment["BENCH_COMMIT"] ?? "unknown")
        #expect(json["libgit2"] == (try Self.installed("libgit2")))
        #expect(json["sqlite"] == (try Self.installed("sqlite3")))
        // pkg-config reports libpq's server-side version string (15.14 or 15.14 (Debian 15.14-0+deb12u1)).
        #expect((try Self.installed("libpq")).hasPrefix(try #require(json["libpq"])))
    }

    @Test func dashDashVersionPrintsTheSame() throws {
        let box = try Sandbox()
        let flag = try box.bench("--version")
        let command = try box.bench("version")
        #expect(flag.status == 0)
        #expect(flag.stdout == command.stdout)
        let json = try #require(try Sandbox.json(try box.bench("version", "--json")) as? [String: String])
        #expect(flag.stdout == """
            bench \(json["version"]!) (commit \(json["commit"]!), built \(json["date"]!))
            libgit2 \(json["libgit2"]!), SQLite \(json["sqlite"]!), libpq \(json["libpq"]!)

            """)
    }
}
