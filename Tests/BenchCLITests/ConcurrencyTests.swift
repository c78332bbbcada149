import BenchTestSupport
import Foundation
import Testing

@Suite struct ConcurrencyTests {
    /// 4 processes recording 100 runs each into one series leave versions 1–400, no gap, one current.
    @Test func concurrentRecordersKeepVersionsGapless() throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        let file = try box.resultFile(Sandbox.result(f1: 0.9))
        #expect(try box.bench("init").status == 0)
        let script = "for i in $(seq 100); do \"$0\" record --input \"$1\" > /dev/null || exit 1; done"
        let workers = (0..<4).map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script, BenchBinary.path, file]
            process.currentDirectoryURL = URL(fileURLWithPath: box.path)
            var environment = ProcessInfo.processInfo.environment
            environment["BENCH_DATABASE_URL"] = nil
            process.environment = environment
            return process
        }
        for worker in workers { try worker.run() }
        for worker in workers { worker.waitUntilExit() }
        #expect(workers.map(\.terminationStatus) == [0, 0, 0, 0])

        let history = try #require(try Sandbox.json(try box.bench("history", "clf", "--json")) as? [[String: Any]])
        let snapshots = try #require(history.first?["snapshots"] as? [[String: Any]])
        #expect(snapshots.compactMap { $0["snapshot_version"] as? Int }.sorted() == Array(1...400))
        #expect(snapshots.filter { $0["is_current"] as? Bool == true }.count == 1)
        #expect(snapshots.first?["is_current"] as? Bool == true)
        #expect(try box.counts()?.transactions == 400)
    }
}
