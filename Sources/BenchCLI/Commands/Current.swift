import ArgumentParser
import BenchKit

extension Bench {
    struct Current: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the current snapshot of every series.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Only series on this branch.")
        var branch: String?

        @Option(help: "Only series in this environment.")
        var environment: String?

        @OptionGroup var output: OutputOptions

        func run() throws {
            let snapshots = try Catalog(workspace: global.workspace(), storeOverride: global.database)
                .current(branch: branch, environment: environment)
            if output.json { JSONOutput.print(snapshots.map(SnapshotJSON.init)) } else { Terminal.out(Views.current(snapshots)) }
        }
    }
}
