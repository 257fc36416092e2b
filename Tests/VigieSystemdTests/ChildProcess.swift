import Foundation
import Glibc

/// A child process started with `posix_spawn`, with some signals blocked from its first instruction (what
/// Foundation's `Process` cannot do: it always starts children with an empty mask), its standard input and output
/// on pipes.
final class ChildProcess {
    /// The child's process id.
    let pid: pid_t
    private let input: Int32
    private let output: Int32
    private var buffer: [UInt8] = []
    private var reaped = false

    /// Starts `path` with `arguments`, `blocked` signals blocked and every signal of `blocked` at its default action.
    init(path: String, arguments: [String] = [], blocked: [Int32]) throws {
        var inputPipe: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        guard pipe(&inputPipe) == 0, pipe(&outputPipe) == 0 else { throw Failure(message: "pipe: errno \(errno)") }
        // Not inherited by other children of the test process (the child gets its ends through dup2).
        for descriptor in inputPipe + outputPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        for number in blocked { sigaddset(&mask, number) }
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGHUP, SIGINT, SIGTERM, SIGUSR1] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let environment: [UnsafeMutablePointer<CChar>?] =
            ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + environment { free(pointer) }
        }
        var child = pid_t()
        let status = posix_spawn(&child, path, &actions, &attributes, argv, environment)
        close(inputPipe[0])
        close(outputPipe[1])
        guard status == 0 else {
            close(inputPipe[1])
            close(outputPipe[0])
            throw Failure(message: "posix_spawn \(path): error \(status)")
        }
        pid = child
        input = inputPipe[1]
        output = outputPipe[0]
    }

    deinit {
        if !reaped {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(input)
        close(output)
    }

    /// Sends `signal` to the child; false once the child is gone.
    @discardableResult
    func send(_ signal: Int32) -> Bool {
        kill(pid, signal) == 0
    }

    /// Writes `line` and a newline on the child's standard input.
    func write(line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
    }

    /// The next line the child writes, without its newline, or `nil` after `seconds` or at the end of its output.
    func nextLine(within seconds: Double = 10) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(left * 1000) + 1) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count == 0 { return nil }
            if count > 0 { buffer.append(contentsOf: chunk[..<count]) }
        }
    }

    /// How the child ended, waiting up to `seconds`: `.exited(status)`, `.killed(signal)`, or `nil` if still running.
    func end(within seconds: Double = 10) -> Ending? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                reaped = true
                let signal = status & 0x7f
                return signal == 0 ? .exited((status >> 8) & 0xff) : .killed(signal)
            }
            usleep(10_000)
        } while Date() < deadline
        return nil
    }

    /// How a child process ended.
    enum Ending: Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal killed it.
        case killed(Int32)
    }

    /// The child could not be started.
    struct Failure: Error {
        /// What went wrong.
        var message: String
    }
}
