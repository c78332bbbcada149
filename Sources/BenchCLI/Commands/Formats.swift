import ArgumentParser
import BenchCore
import Foundation

extension Bench {
    struct Formats: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "formats", abstract: "List the result formats bench reads, with the tool each comes from.")

        @OptionGroup var output: OutputOptions

        struct FormatJSON: Encodable {
            var name: String
            var tool: String
        }

        func run() throws {
            if output.json {
                JSONOutput.print(ResultFormat.allCases.map { FormatJSON(name: $0.rawValue, tool: $0.tool) })
                return
            }
            var table = Table("FORMAT", "READS")
            for format in ResultFormat.allCases { table.add([format.rawValue, format.tool]) }
            Terminal.out(table.render())
            Terminal.out("\nUse them with `bench record --format NAME` or format = \"NAME\" in a [[benchmark]] of bench.toml.")
        }
    }
}
