import BenchCore
@testable import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// A store written by an older bench migrates the first time a newer one opens it, and the
/// user is told so; `bench db migrate` names the migration it applied.
@Suite struct StoreMigrationTests {
    /// The store of `box` put back to schema 6 (before the series-ordered tables).
    func downgrade(_ box: Sandbox) throws {
        let store = try SQLiteStore(path: box.storePath, create: false)
        try store.db.execute("""
            DROP TRIGGER benchmark_snapshots_written; DROP TRIGGER benchmark_snapshots_activity;
            DROP TRIGGER benchmark_snapshots_deleted; DROP TABLE benchmark_points; DROP TABLE benchmark_versions;
            DROP TABLE benchmark_series; DELETE FROM schema_migrations WHERE version >= 7
            """)
    }

    @Test func anOlderStoreMigratesOnceAndSaysSo() throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        try box.record(f1: 0.9)
        let before = try box.bench("history", "clf", "--json")
        try downgrade(box)
        let read = try box.bench("history", "clf", "--json")
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stderr == "bench: updating the store at \(box.storePath) from schema version 6 to 7, once; a large store takes a while\n")
        #expect(read.stdout == before.stdout)
        let again = try box.bench("history", "clf", "--json")
        #expect(again.stderr.isEmpty, "a second opening migrates nothing")

        try downgrade(box)
        let migrate = try box.bench("db", "migrate")
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(migrate.stdout.contains("applied migration(s) 7; schema at version 7"), "\(migrate.stdout)")
        #expect(!migrate.stdout.contains("nothing to do"))
        let current = try box.bench("db", "migrate")
        #expect(current.stdout.contains("schema already at version 7; nothing to do"))
    }
}
