import BenchCore
import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// Processes running `bench record` at once into one series, on both stores, while a reader
/// samples the series: no run lost, versions 1…N with no gap, exactly one current and it the
/// newest, `created_at` never going back as the version goes up, at the end and in every
/// sample the reader took. (Issue 14: the time was read before the write lock, so a writer
/// that waited wrote an older time after a newer one, and its version did not become current.)
@Suite struct ConcurrentRecordTests {
    static let series = SeriesKey(modelVersion: "clf", datasetVersion: "set-v1", promptVersion: "p1", environment: "local", branchName: "main")

    /// Kept small for `make test`; `make reliability` runs 8 × 100 on each store.
    static var stores: [String] { PostgresFixture.adminURL == nil ? ["sqlite"] : ["sqlite", "postgres"] }

    @Test(arguments: stores)
    func theNewestVersionIsCurrentUnderConcurrentWriters(store kind: String) throws {
        let processes = 6, total = 90
        let box = try Sandbox(committing: "first")
        var environment = ProcessInfo.processInfo.environment
        environment["BENCH_DATABASE_URL"] = nil
        let reader: Store
        if kind == "postgres" {
            let url = try PostgresFixture.freshURL()
            #expect(try BenchBinary.run(["db", "migrate", "--database", url], in: box.path).status == 0)
            environment["BENCH_DATABASE_URL"] = url
            reader = try PostgresStore(url: url, maskedURL: "test")
        } else {
            #expect(try box.bench("init").status == 0)
            reader = try SQLiteStore(path: box.storePath, create: false)
        }
        let file = try box.resultFile(Sandbox.result(f1: 0.9))
        let script = "for i in $(seq \(total / processes)); do \"$0\" record --input \"$1\" > /dev/null || exit 1; done"
        let workers = (0..<processes).map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script, BenchBinary.path, file]
            process.currentDirectoryURL = URL(fileURLWithPath: box.path)
            process.environment = environment
            return process
        }
        for worker in workers { try worker.run() }
        // The reader samples while the writers run: each sample is one statement, so one
        // committed state of the series.
        var samples = 0
        var wrong: [String] = []
        while workers.contains(where: \.isRunning) {
            let history = try reader.history(of: Self.series, limit: nil, metrics: false)
            if let problem = Self.problem(history) { wrong.append(problem) }
            samples += 1
            usleep(2_000)
        }
        for worker in workers { worker.waitUntilExit() }
        #expect(workers.map(\.terminationStatus) == Array(repeating: 0, count: processes))

        let history = try reader.history(of: Self.series, limit: nil, metrics: false)
        #expect(history.count == total, "every run recorded")
        #expect(Self.problem(history) == nil)
        #expect(samples > 0)
        #expect(wrong.isEmpty, "\(wrong.count) of \(samples) samples were wrong, e.g. \(wrong.prefix(3))")
    }

    /// What breaks the rules in a series' history (newest first), or nil when nothing does.
    static func problem(_ history: [Snapshot]) -> String? {
        guard let newest = history.first else { return nil }
        let versions = history.map(\.version)
        if versions != Array((1...history.count).reversed()) { return "versions are not 1…\(history.count): \(versions.prefix(10))…" }
        let current = history.filter(\.isCurrent).map(\.version)
        if current != [newest.version] { return "current \(current), newest v\(newest.version)" }
        let backwards = zip(history, history.dropFirst()).filter { newer, older in newer.createdAt < older.createdAt }
        if !backwards.isEmpty {
            return "created_at goes back in \(backwards.count) of \(history.count - 1) adjacent versions, e.g. v\(backwards[0].0.version)"
        }
        return nil
    }
}
