import ArgumentParser
import BenchCore
import BenchDashboard
import BenchKit
import Foundation

extension Bench {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the dashboard: current, trends, history, commits, and a JSON API.",
            discussion: """
            Read-only unless started with a token: then the history page's rollback and baseline \
            buttons work, and POST /api/checkout and /api/baseline accept `Authorization: Bearer \
            <token>`. Binds 127.0.0.1 unless --host says otherwise. Data is read from the store on \
            every request; add ?refresh=30 to a page to reload it every 30 seconds.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "Address to listen on.")
        var host: String = "127.0.0.1"

        @Option(parsing: .unconditional, help: "Port to listen on.")
        var port: Int = 8080

        @Option(help: ArgumentHelp("Enables the write actions for requests that present it; at least 8 characters (or BENCH_DASHBOARD_TOKEN).", valueName: "token"))
        var token: String?

        func validate() throws {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
            if let token, token.count < 8 { throw ValidationError("--token must be at least 8 characters") }
        }

        func run() async throws {
            let session = try global.session()
            let token = token ?? ProcessInfo.processInfo.environment["BENCH_DASHBOARD_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            let options = DashboardOptions(
                source: DashboardSource(repositoryPath: session.root, environment: session.environment, database: global.database),
                host: host, port: port, token: token)
            let host = host
            // Said once the port is ours: a port in use is then the only line printed.
            try await Dashboard.serve(options) { port in
                if host != "127.0.0.1" && host != "localhost" && host != "::1" && token == nil {
                    Terminal.warning("listening on \(host) without a token: anyone who can reach it can read every result")
                }
                Terminal.note("bench dashboard on http://\(host):\(port) (\(token == nil ? "read-only" : "writes enabled with the token")); Ctrl-C to stop")
            }
        }
    }
}
