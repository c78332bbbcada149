import ArgumentParser
import BenchKit

extension Bench {
    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "version",
            abstract: "Print bench's version, the commit and date it was built from, and the libgit2, SQLite and libpq it runs with.")

        @OptionGroup var output: OutputOptions

        func run() throws {
            let info = BuildInfo.withLibpq
            if output.json {
                JSONOutput.print(info)
            } else {
                Terminal.out(info.text)
            }
        }
    }
}
