import BenchCore
@testable import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// The shared store's server ends a `bench record` in the middle of its write (a shutdown, an
/// administrator, a network cut): the run waits in the outbox like one recorded while the
/// server was down, and `bench sync` records it once.
@Suite(.enabled(if: PostgresFixture.adminURL != nil, "needs the PostgreSQL server `make test` starts"))
struct InterruptedWriteTests {
    @Test func aWriteCutOffByTheServerWaitsInTheOutbox() throws {
        let url = try PostgresFixture.freshURL()
        let box = try Sandbox(committing: "c1")
        let environment = ["BENCH_DATABASE_URL": url]
        #expect(try BenchBinary.run(["db", "migrate"], in: box.path, environment: environment).status == 0)
        let file = try box.resultFile(Sandbox.result(f1: 0.9))

        // Another writer holds the series: the record waits inside its transaction.
        let holder = try PostgresConnection(url: url, maskedURL: "holder")
        try holder.execute("BEGIN")
        try holder.execute("SELECT bench_lock_series('clf', 'set-v1', 'p1', 'local', 'main')")
        let record = Process()
        record.executableURL = URL(fileURLWithPath: BenchBinary.path)
        record.arguments = ["record", "--input", file]
        record.currentDirectoryURL = URL(fileURLWithPath: box.path)
        var processEnvironment = ProcessInfo.processInfo.environment
        processEnvironment["BENCH_DATABASE_URL"] = url
        for key in BenchBinary.ciVariables { processEnvironment[key] = nil }   // a CI runner would refuse the outbox
        record.environment = processEnvironment
        let stderr = Pipe()
        record.standardError = stderr
        record.standardOutput = FileHandle.nullDevice
        try record.run()

        // The server ends the waiting session, as a shutdown would. (Asked on a connection of
        // its own: inside the holder's transaction, pg_stat_activity would not change.)
        let watcher = try PostgresConnection(url: url, maskedURL: "watcher")
        let deadline = Date().addingTimeInterval(20)
        var terminated = false
        while !terminated && Date() < deadline && record.isRunning {
            terminated = try watcher.execute("""
                SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                """).rows { $0.bool("done") }.contains(true)
            usleep(20_000)
        }
        try holder.execute("ROLLBACK")
        record.waitUntilExit()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(terminated, "the record waited for the lock")
        #expect(record.terminationStatus == 0, "\(message)")
        #expect(message.contains("kept 1 run(s) in the outbox"), "\(message)")

        let synced = try BenchBinary.run(["sync"], in: box.path, environment: environment)
        #expect(synced.stdout.contains("delivered 1 run(s)"), "\(synced.stdout)\(synced.stderr)")
        let store = try PostgresStore(url: url, maskedURL: "test")
        let series = SeriesKey(modelVersion: "clf", datasetVersion: "set-v1", promptVersion: "p1", environment: "local", branchName: "main")
        #expect(try store.history(of: series).map(\.version) == [1])
    }
}
