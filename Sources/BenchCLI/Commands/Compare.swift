import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension SideKind: ExpressibleByArgument {}

extension Bench {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Per-metric deltas between two versions of a series, or two commits, branches or testbeds across every series.",
            discussion: """
            `bench compare MODEL V1 V2` compares two versions of one series: each metric's value, \
            the delta and the change in %, better or worse by the metric's direction. \
            With --by, the operands are two commits (any revision), branches or testbeds, and \
            every series is compared side by side, worse first: the table of the dashboard's \
            Comparison view. A commit's side is the newest result of each series measured at it; \
            a branch's, its current snapshots; a testbed's, each series' newest result on it \
            (among its last \(SideBySide.testbedWindow) versions). Series are matched without \
            their branch.
            """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("MODEL FROM TO (two versions of one series), or with --by the two sides A B.", valueName: "operand"),
                  completion: .custom(SeriesCompletion.models))
        var operands: [String] = []

        @OptionGroup var choice: SeriesChoiceOptions

        @Option(help: ArgumentHelp("Compare two commits, branches or testbeds across every series.", valueName: "commit|branch|testbed"))
        var by: SideKind?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let by {
                guard operands.count == 2 else {
                    throw ValidationError("--by \(by.rawValue) compares two \(by.plural): give A and B (e.g. bench compare --by \(by.rawValue) \(Self.example(by)))")
                }
                if choice.dataset != nil || choice.prompt != nil {
                    throw ValidationError("--dataset and --prompt name one series; --by compares every series")
                }
                if by != .testbed, choice.branch != nil {
                    throw ValidationError("--branch narrows a testbed comparison only; --by \(by.rawValue) names its sides as A and B")
                }
                return
            }
            guard operands.count == 3 else {
                throw ValidationError("give MODEL FROM TO (two versions of one series), or --by commit|branch|testbed A B")
            }
            for (name, text) in [("FROM", operands[1]), ("TO", operands[2])] where Int(text) == nil {
                throw ValidationError("\(name) must be a version number, not '\(text)'")
            }
        }

        static func example(_ kind: SideKind) -> String {
            switch kind {
            case .commit: "v1.2 HEAD"
            case .branch: "main feature"
            case .testbed: "ci-large ci-small"
            }
        }

        struct ComparisonJSON: Encodable {
            var series: SeriesKey
            var from: SnapshotJSON
            var to: SnapshotJSON
            var deltas: [MetricDeltaJSON]
        }

        func run() throws {
            let session = try global.session()
            if let by {
                let sides = try SideBySide.load(session, kind: by, a: operands[0], b: operands[1], branch: choice.branch, environment: choice.environment)
                guard output.json else { Terminal.out(Views.sideBySide(sides)); return }
                JSONOutput.print(SideBySideJSON(sides))
                return
            }
            let comparison = try SnapshotQueries(session)
                .compare(choice.filter(model: operands[0]), from: Int(operands[1])!, to: Int(operands[2])!)
            guard output.json else { Terminal.out(Views.comparison(comparison)); return }
            JSONOutput.print(ComparisonJSON(
                series: comparison.series, from: SnapshotJSON(comparison.from), to: SnapshotJSON(comparison.to),
                deltas: comparison.deltas.map(MetricDeltaJSON.init)))
        }
    }
}
