import BenchCore
import BenchKit
import Foundation

/// Every exit code bench uses (DESIGN.md), in one place.
public enum BenchExitCode: Int32, Sendable {
    /// Success; no regression.
    case success = 0
    /// A regression was found.
    case regression = 1
    /// Bad input or usage: nothing was written.
    case badInput = 2
    /// Environment: not a repository, store unreachable, benchmark command failed.
    case environment = 3
    /// Statistics could not decide; bisect could not narrow.
    case inconclusive = 4

    init(_ kind: BenchError.Kind) {
        switch kind {
        case .badInput: self = .badInput
        case .environment: self = .environment
        }
    }
}
