import Foundation
import Synchronization

/// Standard input as the process received it.
public enum StandardInput {
    private static let closedAtStart = Mutex(false)

    /// Call first thing. When the process started with standard input closed (`<&-`),
    /// /dev/null takes its place, so that no file bench opens later lands on descriptor 0
    /// and is read as input; reading `-` then says the input was closed.
    public static func protect() {
        // The concurrency runtime may already have put one of its own descriptors (an
        // eventfd) on the free slot 0 before any of bench's code runs: that is a closed input too.
        // readlink(2) rather than FileManager, whose first use costs a few hundred microseconds of start-up.
        var target = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/self/fd/0", &target, target.count - 1)
        if length > 0, String(decoding: target.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self).hasPrefix("anon_inode:") {
            closedAtStart.withLock { $0 = true }
        }
        guard fcntl(STDIN_FILENO, F_GETFD) == -1 else { return }
        closedAtStart.withLock { $0 = true }
        let descriptor = open("/dev/null", O_RDONLY)
        if descriptor > STDIN_FILENO {
            dup2(descriptor, STDIN_FILENO)
            close(descriptor)
        }
    }

    /// Whether standard input was closed when bench started.
    static var wasClosed: Bool { closedAtStart.withLock { $0 } || fcntl(STDIN_FILENO, F_GETFD) == -1 }
}
