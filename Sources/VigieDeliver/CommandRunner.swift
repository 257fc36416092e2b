import Foundation
import Glibc

/// The owner of one child process run for an exec sink: its pid and our ends of its standard input and standard
/// error pipes. `deinit` closes the pipes and, if the child was not reaped yet, kills its process group and reaps
/// it: no zombie, whatever path the caller took.
///
/// The child is started with `posix_spawn` (no shell) in a process group of its own, with an empty signal mask and
/// every signal at its default action (the daemon blocks and ignores some; a child must not inherit that), its
/// standard output on `/dev/null`. Its standard input is written and its standard error read in one `poll` loop,
/// never one blocking the other.
final class CommandRunner {
    private let pid: pid_t
    private var inputDescriptor: Int32
    private var errorDescriptor: Int32
    private var pendingInput: ArraySlice<UInt8>
    private var reaped = false
    /// The start of what the child wrote on its standard error (at most ``maxError`` bytes; the rest is read and
    /// dropped so the child never blocks on a full pipe).
    private(set) var errorOutput: [UInt8] = []

    /// The most standard-error bytes kept.
    static let maxError = 4096
    /// How long a child has between SIGTERM and SIGKILL once its time is up, in seconds.
    static let killGrace: TimeInterval = 2
    /// How much of the standard error a reason quotes, in characters.
    static let quoteLimit = 200

    /// How the child ended.
    enum Ending: Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal killed it (not one sent for a timeout).
        case signalled(Int32)
        /// Its time was up: it was sent SIGTERM, then SIGKILL if it outlived ``killGrace``.
        case timedOut
    }

    /// The child could not be started.
    struct StartFailure: Error, Equatable {
        /// Why, naming the executable.
        var reason: String
    }

    /// Runs `command` with `input` on its standard input, waits at most `timeout` seconds for it, and says what
    /// that came to.
    static func run(_ command: [String], input: [UInt8], timeout: TimeInterval) -> DeliveryOutcome {
        guard let executable = command.first, !executable.isEmpty else {
            return .permanent("the exec sink has no command")
        }
        let runner: CommandRunner
        do {
            runner = try CommandRunner(command: command, input: input)
        } catch {
            return .retry(after: nil, reason: error.reason)
        }
        let ending = runner.wait(timeout: timeout)
        let quote = String(decoding: runner.errorOutput, as: UTF8.self).snippet(limit: quoteLimit)
        func withQuote(_ text: String) -> String { quote.isEmpty ? text : "\(text): \(quote)" }
        switch ending {
        case .exited(0): return .delivered("exit 0")
        case .exited(let status): return .retry(after: nil, reason: withQuote("exit \(status)"))
        case .signalled(let signal):
            let name = strsignal(signal).map { String(cString: $0) } ?? "signal \(signal)"
            return .retry(after: nil, reason: withQuote("killed by signal \(signal) (\(name))"))
        case .timedOut:
            return .retry(after: nil, reason: "timed out after \(Self.seconds(timeout)) s")
        }
    }

    /// `timeout` as people write it: `1`, `2.5`.
    static func seconds(_ timeout: TimeInterval) -> String {
        timeout == timeout.rounded() && abs(timeout) < 1e15 ? String(Int(timeout)) : String(timeout)
    }

    /// Starts `command` (`command[0]` a path, or a name looked up in `PATH`) with `input` to write on its standard
    /// input.
    init(command: [String], input: [UInt8]) throws(StartFailure) {
        let spawned = try Self.spawn(command)
        pid = spawned.0
        inputDescriptor = spawned.1
        errorDescriptor = spawned.2
        pendingInput = input[...]
        _ = fcntl(inputDescriptor, F_SETFL, fcntl(inputDescriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(errorDescriptor, F_SETFL, fcntl(errorDescriptor, F_GETFL) | O_NONBLOCK)
        if pendingInput.isEmpty { closeInput() }
    }

    deinit {
        closeInput()
        closeError()
        if !reaped {
            kill(-pid, SIGKILL)
            _ = reap(blocking: true)
        }
    }

    /// Feeds the child its input and collects its standard error until it ends or `timeout` seconds pass; then
    /// SIGTERM to its process group, and SIGKILL ``killGrace`` seconds later if it is still there.
    func wait(timeout: TimeInterval) -> Ending {
        let deadline = Self.monotonicNow() + max(0, timeout)
        while true {
            if let ending = reap(blocking: false) {
                readError()  // what is already in the pipe; a program it left running may hold it open
                return ending
            }
            let left = deadline - Self.monotonicNow()
            if left <= 0 { break }
            exchange(waitingAtMost: min(left, inputDescriptor < 0 && errorDescriptor < 0 ? 0.01 : 0.05))
        }
        kill(-pid, SIGTERM)
        let killAt = Self.monotonicNow() + Self.killGrace
        while reap(blocking: false) == nil {
            let left = killAt - Self.monotonicNow()
            if left <= 0 {
                kill(-pid, SIGKILL)
                _ = reap(blocking: true)
                break
            }
            exchange(waitingAtMost: min(left, 0.01))
        }
        // Whatever of its group outlived it (a program that ignored SIGTERM while the shell above it died).
        kill(-pid, SIGKILL)
        return .timedOut
    }

    /// Waits up to `seconds` for the pipes to be ready, then writes what input it can and reads what error output
    /// there is.
    private func exchange(waitingAtMost seconds: TimeInterval) {
        var descriptors: [pollfd] = []
        if inputDescriptor >= 0 { descriptors.append(pollfd(fd: inputDescriptor, events: Int16(POLLOUT), revents: 0)) }
        if errorDescriptor >= 0 { descriptors.append(pollfd(fd: errorDescriptor, events: Int16(POLLIN), revents: 0)) }
        let milliseconds = Int32(max(1, (seconds * 1000).rounded(.up)))
        guard poll(&descriptors, nfds_t(descriptors.count), milliseconds) > 0 else { return }
        for descriptor in descriptors where descriptor.revents != 0 {
            if descriptor.fd == inputDescriptor {
                writeInput()
            } else if descriptor.fd == errorDescriptor {
                readError()
            }
        }
    }

    /// Writes as much of the pending input as the pipe takes; closes it when all is written or the child stopped
    /// reading.
    private func writeInput() {
        guard inputDescriptor >= 0 else { return }
        while !pendingInput.isEmpty {
            let (written, code) = Self.writeWithoutSIGPIPE(inputDescriptor, pendingInput)
            if written > 0 {
                pendingInput = pendingInput.dropFirst(written)
            } else if code == EINTR {
                continue
            } else if code == EAGAIN || code == EWOULDBLOCK {
                return
            } else {
                break  // EPIPE: the child does not read its input, which is its business
            }
        }
        closeInput()
    }

    /// Reads what standard error output is available, keeping the first ``maxError`` bytes.
    private func readError() {
        guard errorDescriptor >= 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(errorDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                errorOutput.append(contentsOf: chunk[..<min(count, Self.maxError - errorOutput.count)])
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return
            } else {
                closeError()
                return
            }
        }
    }

    private func closeInput() {
        if inputDescriptor >= 0 { close(inputDescriptor) }
        inputDescriptor = -1
    }

    private func closeError() {
        if errorDescriptor >= 0 { close(errorDescriptor) }
        errorDescriptor = -1
    }

    /// The child's ending if it has ended (waiting for it when `blocking`), reaping it; `nil` while it runs.
    private func reap(blocking: Bool) -> Ending? {
        guard !reaped else { return nil }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == -1 && errno == EINTR { continue }
            guard result == pid else { return nil }
            reaped = true
            let signal = status & 0x7f
            return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
        }
    }

    /// `write(2)` that fails with EPIPE instead of raising SIGPIPE when the child closed its input: SIGPIPE is
    /// blocked for this thread during the call and one it raised is taken before the mask is restored. (The daemon
    /// ignores SIGPIPE anyway; a test process may not.)
    private static func writeWithoutSIGPIPE(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>) -> (Int, Int32) {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let code = written < 0 ? errno : 0
        if code == EPIPE && sigismember(&previous, SIGPIPE) == 0 {
            var none = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&pipeSignal, nil, &none)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        return (written, code)
    }

    /// Seconds on the monotonic clock.
    private static func monotonicNow() -> TimeInterval {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return TimeInterval(now.tv_sec) + TimeInterval(now.tv_nsec) / 1e9
    }
}
