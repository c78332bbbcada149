// swift-tools-version:6.0
import Foundation
import PackageDescription

// What `bench --version` reports, from the environment the Makefile and the release workflow
// set (BENCH_VERSION, BENCH_COMMIT, BENCH_BUILD_DATE); a plain `swift build` reads the
// version from the VERSION file and says the commit and date are unknown.
let buildEnvironment = ProcessInfo.processInfo.environment
let versionFile = (try? String(contentsOfFile: Context.packageDirectory + "/VERSION", encoding: .utf8))?
    .trimmingCharacters(in: .whitespacesAndNewlines)
let buildInfo: [CSetting] = [
    ("BENCH_VERSION", buildEnvironment["BENCH_VERSION"] ?? versionFile),
    ("BENCH_COMMIT", buildEnvironment["BENCH_COMMIT"]),
    ("BENCH_BUILD_DATE", buildEnvironment["BENCH_BUILD_DATE"]),
].compactMap { name, value in
    // Only what a C string literal holds without escaping: letters, digits and . - + : _
    guard let value, !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || ".-+:_".contains($0) }) else { return nil }
    return .define(name, to: "\"\(value)\"")
}

let package = Package(
    name: "bench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bench", targets: ["bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // System libraries: a module map and a shim header each, found through pkg-config.
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // libpq is loaded when a PostgreSQL store is first used, not linked (see its header).
        .target(name: "CLibPQ"),
        // libcurl is loaded when a notification is first sent, not linked (see its header);
        // curl's headers (libcurl4-openssl-dev) give the option numbers.
        .target(name: "CCurl"),
        // The build's version, commit and date (a C target: a Swift define cannot carry a value).
        .target(name: "CBuildInfo", cSettings: buildInfo),

        // Pure Swift: model, formats, config, deltas. No I/O.
        .target(name: "BenchCore", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]),
        // libgit2 wrapper.
        .target(name: "BenchGit", dependencies: ["CGit2"]),
        // Store protocol, the embedded SQLite store and the shared PostgreSQL store.
        .target(name: "BenchStore", dependencies: ["BenchCore", "CSQLite", "CLibPQ"]),
        // Use cases wiring git, store and core together.
        .target(name: "BenchKit", dependencies: ["BenchCore", "BenchGit", "BenchStore", "CBuildInfo", "CCurl"]),
        // The dashboard: a Hummingbird 2 app over BenchKit (pages and a JSON API).
        .target(name: "BenchDashboard", dependencies: [
            "BenchKit", "BenchCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        // One file per subcommand; parses, calls BenchKit, renders.
        .target(name: "BenchCLI", dependencies: [
            "BenchKit", "BenchCore", "BenchDashboard",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "bench", dependencies: ["BenchCLI"]),
        // `make detection-report`: precision and recall of check and changes on a generated corpus.
        .executableTarget(name: "DetectionReport", dependencies: ["BenchCore"], path: "Benchmarks/DetectionReport"),

        // Fixtures shared by the tests: real git repositories in temp dirs, the bench binary.
        .target(name: "BenchTestSupport", dependencies: ["CLibPQ"], path: "Tests/Support", exclude: ["Receivers"]),
        .testTarget(name: "BenchCoreTests", dependencies: ["BenchCore"], exclude: ["Fixtures"]),
        .testTarget(name: "BenchGitTests", dependencies: ["BenchGit", "BenchTestSupport"]),
        .testTarget(name: "BenchKitTests", dependencies: ["BenchKit", "BenchCore", "BenchTestSupport"]),
        .testTarget(name: "BenchStoreTests", dependencies: ["BenchStore", "BenchCore", "BenchTestSupport"]),
        .testTarget(name: "BenchCLITests", dependencies: ["bench", "BenchTestSupport", "BenchStore", "BenchCore", "BenchCLI", "BenchKit"]),
        .testTarget(name: "BenchDashboardTests", dependencies: [
            "BenchDashboard", "BenchKit", "BenchTestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)

// Every module names what it uses: a member of a type is visible only where its module is imported.
for target in package.targets where target.type != .system && target.name != "CBuildInfo" {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
