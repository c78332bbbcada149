import Foundation

/// Runs a program to completion and returns its standard output; a failure to start or a
/// non-zero exit is an environment error carrying the last lines of its standard error.
enum Subprocess {
    static func run(_ arguments: [String], in directory: String, environment: [String: String]? = nil) throws(BenchError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        if let environment { process.environment = environment }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw BenchError(.environment, "cannot run \(arguments[0]): \(error.localizedDescription)",
                             hint: "check that \(arguments[0]) is installed and on PATH")
        }
        // Read both pipes before waiting, so a chatty child never blocks on a full pipe.
        let errorData = LockedData()
        let reader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { Thread.sleep(forTimeInterval: 0.001) }
        guard process.terminationStatus == 0 else {
            let tail = String(decoding: errorData.value, as: UTF8.self).split(separator: "\n").suffix(5).joined(separator: "\n")
            throw BenchError(.environment, "`\(arguments.joined(separator: " "))` exited with status \(process.terminationStatus)"
                             + (tail.isEmpty ? "" : ":\n" + tail),
                             hint: "run the command by hand in \(directory) to see what went wrong")
        }
        return String(decoding: outData, as: UTF8.self)
    }
}

import Synchronization

/// Data handed from a reader thread, guarded by a mutex.
private final class LockedData: Sendable {
    private let state = Mutex<(Data, Bool)>((Data(), false))
    func set(_ data: Data) { state.withLock { $0 = (data, true) } }
    var isSet: Bool { state.withLock { $0.1 } }
    var value: Data { state.withLock { $0.0 } }
}
