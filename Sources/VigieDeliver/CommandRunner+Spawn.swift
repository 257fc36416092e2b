import Foundation
import Glibc

extension CommandRunner {
    /// Serialises the window between making the pipes and spawning, so that no other exec sink's child, started
    /// meanwhile from another thread, inherits them before they are close-on-exec (Swift's Glibc has no `pipe2`) and
    /// holds them open.
    private static let spawnLock = NSLock()

    /// Makes the pipes and spawns `command`: its pid, our end of its standard input, our end of its standard error.
    static func spawn(_ command: [String]) throws(StartFailure) -> (pid_t, Int32, Int32) {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        let executable = command[0]
        var inputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        guard pipe(&inputPipe) == 0 else {
            throw StartFailure(reason: "cannot start \(executable): pipe: \(errorText(errno))")
        }
        guard pipe(&errorPipe) == 0 else {
            let code = errno
            close(inputPipe[0])
            close(inputPipe[1])
            throw StartFailure(reason: "cannot start \(executable): pipe: \(errorText(code))")
        }
        // Not inherited by any other child (the child gets its ends through dup2).
        for descriptor in inputPipe + errorPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // A group of its own, so a timeout stops the programs it started too (`sh -c 'a | b'`).
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        let environment: [UnsafeMutablePointer<CChar>?] =
            ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + environment { free(pointer) }
        }
        var child = pid_t()
        let status =
            executable.contains("/")
            ? posix_spawn(&child, executable, &actions, &attributes, argv, environment)
            : posix_spawnp(&child, executable, &actions, &attributes, argv, environment)
        close(inputPipe[0])
        close(errorPipe[1])
        guard status == 0 else {
            close(inputPipe[1])
            close(errorPipe[0])
            throw StartFailure(reason: "cannot start \(executable): \(errorText(status))")
        }
        return (child, inputPipe[1], errorPipe[0])
    }

    /// The C library's text for an error number.
    private static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
