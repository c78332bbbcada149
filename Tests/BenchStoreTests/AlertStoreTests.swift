import BenchCore
@testable import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// Alerts as data: one conformance suite over both stores, and PostgreSQL's roles.
@Suite struct AlertStoreTests {
    let series = SeriesKey(modelVersion: "clf", datasetVersion: "set-v1", promptVersion: "p1", environment: "local", branchName: "main")

    func draft(_ metric: String = "f1", value: Double = 0.835, series: SeriesKey? = nil) -> Alert {
        Alert(series: series ?? self.series, metric: metric, unit: nil, direction: .higher, baseline: 0.895, value: value, limit: 0.850,
              model: "percentage", goodSha: String(repeating: "a", count: 40), commitSha: String(repeating: "b", count: 40),
              commitSubject: "slower tokenizer", commitAuthor: "Ann", version: 2, testbed: "box", openedAt: Date())
    }

    @Test(arguments: StoreKind.available) func oneLiveAlertPerSeriesAndMetric(kind: StoreKind) throws {
        let store = try kind.make()
        let opened = try #require(try store.openAlert(draft(), by: "ci", at: Date()))
        #expect(opened.id == 1 && opened.status == .open && opened.baseline == 0.895 && opened.value == 0.835 && opened.limit == 0.85)
        #expect(opened.commitSubject == "slower tokenizer" && opened.commitAuthor == "Ann" && opened.testbed == "box")
        #expect(try store.openAlert(draft(value: 0.8), by: "ci", at: Date()) == nil, "the series × metric has a live alert")
        // Another metric, or the same metric of another series, opens its own.
        #expect(try store.openAlert(draft("recall"), by: "ci", at: Date())?.id == 2)
        var other = series
        other.modelVersion = "ranker"
        #expect(try store.openAlert(draft(series: other), by: "ci", at: Date())?.id == 3)
        #expect(try store.alerts(nil, series: SeriesFilter()).map(\.id) == [3, 2, 1])
        #expect(try store.alerts([.open], series: SeriesFilter(modelVersion: "clf")).map(\.id) == [2, 1])
        #expect(try store.alertLog(id: nil).map(\.event) == [.opened, .opened, .opened])

        // Once resolved, the series × metric may open a new alert.
        _ = try store.changeAlert(id: 1, AlertChange(.resolved, actor: "ci", commitSha: String(repeating: "c", count: 40), value: 0.9))
        #expect(try store.openAlert(draft(value: 0.7), by: "ci", at: Date())?.id == 4)
    }

    @Test(arguments: StoreKind.available) func triageChangesStatusAndLogsWhoAndWhy(kind: StoreKind) throws {
        let store = try kind.make()
        let id = try #require(try store.openAlert(draft(), by: "ci", at: Date())).id
        let acknowledged = try store.changeAlert(id: id, AlertChange(.acknowledged, note: "looking at it", actor: "alice"))
        #expect(acknowledged.status == .acknowledged && acknowledged.note == "looking at it")
        let dismissed = try store.changeAlert(id: id, AlertChange(.dismissed, reason: .expected, note: "the new tokenizer is worth it", actor: "bob"))
        #expect(dismissed.status == .dismissed && dismissed.reason == .expected && dismissed.note == "the new tokenizer is worth it")
        let reopened = try store.changeAlert(id: id, AlertChange(.reopened, note: "it got worse", actor: "carol"))
        #expect(reopened.status == .open && reopened.reason == nil)
        let resolved = try store.changeAlert(id: id, AlertChange(.resolved, actor: "ci", commitSha: String(repeating: "d", count: 40), value: 0.9))
        #expect(resolved.status == .resolved && resolved.resolvedValue == 0.9 && resolved.resolvedSha == String(repeating: "d", count: 40))
        #expect(resolved.resolvedAt != nil)

        let log = try store.alertLog(id: id)
        #expect(log.map(\.event) == [.opened, .acknowledged, .dismissed, .reopened, .resolved])
        #expect(log.map(\.actor) == ["ci", "alice", "bob", "carol", "ci"])
        #expect(log.map(\.note) == [nil, "looking at it", "the new tokenizer is worth it", "it got worse", nil])
        #expect(log[2].reason == .expected)
        #expect(log[4].value == 0.9)
        #expect(log.allSatisfy { abs($0.at.timeIntervalSinceNow) < 60 })
    }

    @Test(arguments: StoreKind.available) func aChangeTheStatusDoesNotAllowWritesNothing(kind: StoreKind) throws {
        let store = try kind.make()
        let id = try #require(try store.openAlert(draft(), by: "ci", at: Date())).id
        let missing = #expect(throws: StoreError.self) { try store.changeAlert(id: 99, AlertChange(.acknowledged, actor: "alice")) }
        #expect(missing?.kind == .notFound && missing?.message == "no alert #99")
        let early = #expect(throws: StoreError.self) { try store.changeAlert(id: id, AlertChange(.reopened, actor: "alice")) }
        #expect(early?.kind == .conflict && early?.message.contains("alert #\(id) is open") == true)
        _ = try store.changeAlert(id: id, AlertChange(.dismissed, reason: .falseAlarm, actor: "alice"))
        #expect(throws: StoreError.self) { try store.changeAlert(id: id, AlertChange(.acknowledged, actor: "alice")) }
        // A new alert on the same series × metric: the dismissed one cannot come back beside it.
        let newer = try #require(try store.openAlert(draft(value: 0.7), by: "ci", at: Date()))
        let twice = #expect(throws: StoreError.self) { try store.changeAlert(id: id, AlertChange(.reopened, actor: "alice")) }
        #expect(twice?.kind == .conflict && twice?.message.contains("has alert #\(newer.id) open") == true)
        #expect(try store.alertLog(id: id).map(\.event) == [.opened, .dismissed])
        #expect(try store.alert(id: id)?.status == .dismissed)
    }

    @Test func theEmbeddedAlertLogIsAppendOnly() throws {
        let store = try StoreKind.sqlite.make() as! SQLiteStore
        _ = try store.openAlert(draft(), by: "ci", at: Date())
        #expect(throws: StoreError.self) { try store.db.execute("UPDATE benchmark_alert_log SET actor = 'mallory'") }
        #expect(throws: StoreError.self) { try store.db.execute("DELETE FROM benchmark_alert_log") }
        #expect(try store.alertLog(id: nil).map(\.actor) == ["ci"])
    }

    /// bench_reader sees alerts and changes none; bench_writer triages; nobody rewrites the log.
    @Test(.enabled(if: PostgresFixture.adminURL != nil)) func aReaderCannotChangeAnAlert() throws {
        let url = try PostgresFixture.freshURL()
        let owner = try PostgresStore(url: url, maskedURL: "owner", requireSchema: false)
        _ = try owner.migrate()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        try owner.connection.execute("CREATE ROLE al_reader_\(suffix) LOGIN PASSWORD 'r' IN ROLE bench_reader")
        try owner.connection.execute("CREATE ROLE al_writer_\(suffix) LOGIN PASSWORD 'w' IN ROLE bench_writer")
        let database = URL(string: url)!.lastPathComponent
        let writer = try PostgresStore(url: PostgresFixture.url(url, database: database, user: "al_writer_\(suffix)", password: "w"), maskedURL: "w")
        let reader = try PostgresStore(url: PostgresFixture.url(url, database: database, user: "al_reader_\(suffix)", password: "r"), maskedURL: "r")

        let id = try #require(try writer.openAlert(draft(), by: nil, at: Date())).id
        #expect(try writer.alertLog(id: id).map(\.actor) == ["al_writer_\(suffix)"], "without a person, the database role")
        #expect(try reader.alerts(nil, series: SeriesFilter()).map(\.id) == [id])

        let refused = #expect(throws: StoreError.self) { try reader.changeAlert(id: id, AlertChange(.acknowledged, note: "mine", actor: "eve")) }
        #expect(refused?.kind == .permission)
        #expect(throws: StoreError.self) { try reader.connection.execute("UPDATE benchmark_alerts SET status = 'dismissed'") }
        #expect(throws: StoreError.self) { try reader.openAlert(draft("recall"), by: "eve", at: Date()) }
        #expect(try owner.alert(id: id)?.status == .open)
        #expect(try owner.alertLog(id: id).count == 1)

        _ = try writer.changeAlert(id: id, AlertChange(.acknowledged, note: "on it", actor: "alice"))
        #expect(throws: StoreError.self) { try writer.connection.execute("UPDATE benchmark_alert_log SET actor = 'mallory'") }
        #expect(throws: StoreError.self) { try writer.connection.execute("DELETE FROM benchmark_alert_log") }
        #expect(try owner.alertLog(id: id).map(\.actor) == ["al_writer_\(suffix)", "alice"])
        let rls = try owner.connection.execute("SELECT bool_and(relrowsecurity) FROM pg_class WHERE relname IN ('benchmark_alerts', 'benchmark_alert_log')")
        #expect(rls.bool(0, 0))
    }
}
