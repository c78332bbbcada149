import ArgumentParser
import BenchCore
import BenchDashboard
import BenchKit
import Foundation

extension Bench {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write the dashboard's views into one self-contained HTML file.",
            discussion: "Current, trends, comparison, regressions and commits; no script, nothing fetched from the network: a CI artifact or a GitHub Pages page.")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("The file to write.", valueName: "file"))
        var html: String

        @Option(help: "The metric of the trends chart (default: f1, else the first recorded).")
        var metric: String?

        func run() async throws {
            let session = try global.session()
            let text = try await Dashboard.report(
                DashboardSource(repositoryPath: session.root, environment: session.environment, database: global.database),
                metric: metric)
            try Exporter.write(text, to: html)
            Terminal.out("wrote \(html)")
        }
    }
}
