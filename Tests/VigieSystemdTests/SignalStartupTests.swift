import Foundation
import Glibc
import Testing
import VigieSync

/// Real signals to a real process (`vigie-signal-helper`, which reports each request it receives on a line), from
/// before it listens.
///
/// The child starts with the signals the test sends early already blocked (`posix_spawn` sets its first mask): a
/// process can do nothing about a signal that lands before its first instruction, so without that the default
/// action would kill it before `main`. From there on it is `SignalEvents`' job: a signal that was pending when it
/// registered must be received, not discarded (as `signal(_, SIG_IGN)` did), and a flood during the registration
/// must neither kill the process nor leave a signal unanswered.
@Suite struct SignalStartupTests {
    /// The helper, built beside the test binary.
    static var helper: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("vigie-signal-helper").path
    }

    /// Reads lines until `expected` (returned with the lines before it), or `nil` after 10 s or at the end.
    func lines(of child: ChildProcess, until expected: String) -> [String]? {
        var seen: [String] = []
        while let line = child.nextLine() {
            if line == expected { return seen }
            seen.append(line)
        }
        return nil
    }

    /// Stops `child` with SIGTERM; it must answer the stop (the handler and the loop) and exit 0.
    func stop(_ child: ChildProcess) {
        child.send(SIGTERM)
        var stopLines: Set<String> = []
        while stopLines.count < 2, let line = child.nextLine() { stopLines.insert(line) }
        #expect(stopLines == ["stop", "on-stop"])
        #expect(child.end() == .exited(0))
    }

    @Test func signalsSentBeforeTheRegistrationAreReceivedNotDropped() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.helper), "build it: swift build --build-tests")
        let child = try ChildProcess(path: Self.helper, arguments: ["--wait"], blocked: [SIGHUP, SIGUSR1])
        // The helper waits on its standard input: both signals are pending before SignalEvents exists.
        #expect(child.send(SIGHUP))
        #expect(child.send(SIGUSR1))
        child.write(line: "go")
        var received = try #require(lines(of: child, until: "listening"))
        while received.count < 2, let line = child.nextLine() { received.append(line) }
        #expect(received == ["reload", "reopen-log"])
        stop(child)
    }

    @Test func aFloodOfSighupFromTheFirstInstantIsNeitherFatalNorLeftUnanswered() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.helper), "build it: swift build --build-tests")
        let child = try ChildProcess(path: Self.helper, blocked: [SIGHUP])
        let listening = Locked(false)
        let flooded = DispatchSemaphore(value: 0)
        let pid = child.pid
        // From the instant posix_spawn returns, through the start-up and the registration, and 2,000 after it.
        Thread {
            var after = 0
            while after < 2000, kill(pid, SIGHUP) == 0 {
                if listening.withLock({ $0 }) { after += 1 }
            }
            flooded.signal()
        }.start()
        let early = lines(of: child, until: "listening")
        listening.withLock { $0 = true }
        flooded.wait()
        #expect(early != nil, "the helper died or never listened")
        #expect(early?.allSatisfy { $0 == "reload" } == true)

        // SIGUSR1 after the flood: a SIGHUP still pending is read first (lower signals first), so every reload of
        // the flood comes before "reopen-log", and at least one, for the SIGHUPs sent after it listened.
        child.send(SIGUSR1)
        let flood = try #require(lines(of: child, until: "reopen-log"))
        #expect(!flood.isEmpty)
        #expect(flood.allSatisfy { $0 == "reload" })

        // Then one for one.
        for round in 0..<20 {
            child.send(SIGHUP)
            #expect(child.nextLine() == "reload", "round \(round)")
        }
        stop(child)
    }
}
