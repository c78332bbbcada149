import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Database: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db",
            abstract: "Create, upgrade and inspect the store's schema.",
            discussion: "Uses --database, else BENCH_DATABASE_URL, else bench.toml's [store] url. Works outside a repository with an explicit URL.",
            subcommands: [Migrate.self, Status.self, Schema.self])

        struct Migrate: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create or upgrade the schema (a second run does nothing).")
            @OptionGroup var global: GlobalOptions

            func run() throws {
                let admin = try StoreAdmin(path: global.repo ?? FileManager.default.currentDirectoryPath,
                                           database: global.database, environment: ProcessInfo.processInfo.environment)
                let outcome = try admin.migrate()
                if outcome.applied.isEmpty {
                    Terminal.out("\(outcome.location): schema already at version \(outcome.version); nothing to do")
                } else {
                    Terminal.out("\(outcome.location): applied migration(s) \(outcome.applied.map(String.init).joined(separator: ", ")); schema at version \(outcome.version)")
                }
            }
        }

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Schema version, row counts, roles, and whether row-level security is on.")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var output: OutputOptions

            struct StatusJSON: Encodable {
                var store: String
                var schema_version: Int
                var newest_version: Int
                var transactions: Int?
                var snapshots: Int?
                var metrics: Int?
                var roles: [String]
                var row_level_security: [String: Bool]
                var user: String
            }

            func run() throws {
                let admin = try StoreAdmin(path: global.repo ?? FileManager.default.currentDirectoryPath,
                                           database: global.database, environment: ProcessInfo.processInfo.environment)
                let status = try admin.status()
                if output.json {
                    JSONOutput.print(StatusJSON(store: admin.location.description, schema_version: status.schemaVersion,
                                                newest_version: status.newestVersion, transactions: status.counts?.transactions,
                                                snapshots: status.counts?.snapshots, metrics: status.counts?.metrics, roles: status.roles,
                                                row_level_security: status.rowLevelSecurity, user: status.user))
                    return
                }
                var lines = ["store: \(admin.location)"]
                let state = status.schemaVersion == status.newestVersion ? "current"
                    : status.schemaVersion < status.newestVersion ? "needs `bench db migrate`" : "newer than this bench"
                lines.append("schema: version \(status.schemaVersion) (this bench: \(status.newestVersion); \(state))")
                if let counts = status.counts {
                    lines.append("rows: \(counts.transactions) transactions, \(counts.snapshots) snapshots, \(counts.metrics) metric values")
                }
                if !status.user.isEmpty { lines.append("connected as: \(status.user)") }
                if case .postgres = admin.location {
                    lines.append("roles: " + (status.roles.isEmpty ? "none (run `bench db migrate`)" : status.roles.joined(separator: ", ")))
                    let rls = status.rowLevelSecurity.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value ? "on" : "OFF")" }
                    lines.append("row-level security: " + (rls.isEmpty ? "n/a" : rls.joined(separator: ", ")))
                }
                Terminal.out(lines.joined(separator: "\n"))
            }
        }

        struct Schema: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the schema `bench db migrate` applies to the store in use.",
                discussion: "For PostgreSQL: schema_benchmark_monitoring.sql, with its roles, functions and row-level security, to apply by hand if need be. For the embedded store: its SQLite migrations.")
            @OptionGroup var global: GlobalOptions

            func run() throws {
                let admin = try StoreAdmin(path: global.repo ?? FileManager.default.currentDirectoryPath,
                                           database: global.database, environment: ProcessInfo.processInfo.environment)
                print(admin.schema, terminator: "")
            }
        }
    }
}
