import Foundation
import Glibc
import Testing

@testable import VigieDeliver

@Suite struct ExecDeliveryTests {
    let deliverer = Deliverer()

    private func run(_ script: String, _ arguments: [String] = [], timeout: TimeInterval = 10) -> DeliveryOutcome {
        deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: .exec(command: ["/bin/sh", "-c", script, "sh"] + arguments, timeout: timeout), now: Sample.now)
    }

    /// The pid a script wrote to `file`, waiting for it to appear.
    private func pid(in file: URL) throws -> pid_t {
        let text = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return try #require(pid_t(text))
    }

    @Test func exitZeroIsDeliveredWithTheLineAndANewlineOnStandardInput() throws {
        let directory = try Sample.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("stdin.txt")
        #expect(run(#"cat > "$1""#, [file.path]) == .delivered("exit 0"))
        #expect(try String(contentsOf: file, encoding: .utf8) == Sample.line + "\n")
    }

    @Test func aNameWithoutASlashIsLookedUpInPATH() {
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: .exec(command: ["true"], timeout: 10), now: Sample.now)
        #expect(outcome == .delivered("exit 0"))
    }

    @Test func anotherExitStatusIsRetriedQuotingStandardError() {
        let outcome = run("echo 'the sink is   down' >&2; echo 'not this' ; exit 3")
        #expect(outcome == .retry(after: nil, reason: "exit 3: the sink is down"))
    }

    @Test func aLongStandardErrorIsQuotedInPart() {
        let outcome = run("head -c 100000 /dev/zero | tr '\\0' e >&2; exit 1")
        guard case .retry(nil, let reason) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("exit 1: eeee"))
        #expect(reason.count <= "exit 1: ".count + 201)
    }

    @Test func aProgramKilledByASignalIsRetried() {
        let outcome = run("kill -KILL $$")
        guard case .retry(nil, let reason) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("killed by signal 9"))
    }

    @Test func aProgramThatOverrunsItsTimeoutIsStoppedAndLeavesNothingBehind() throws {
        let directory = try Sample.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pid")
        let started = Date()
        let outcome = run(#"echo $$ > "$1"; exec sleep 30"#, [file.path], timeout: 1)
        let elapsed = Date().timeIntervalSince(started)
        #expect(outcome == .retry(after: nil, reason: "timed out after 1 s"))
        #expect(elapsed >= 1 && elapsed < 5)
        let child = try pid(in: file)
        // Reaped, not a zombie: the pid is gone.
        #expect(kill(child, 0) == -1 && errno == ESRCH)
    }

    @Test func whatTheProgramStartedIsStoppedWithIt() throws {
        let directory = try Sample.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pid")
        let outcome = run(#"sleep 30 & echo $! > "$1"; wait"#, [file.path], timeout: 1)
        #expect(outcome == .retry(after: nil, reason: "timed out after 1 s"))
        let grandchild = try pid(in: file)
        #expect(Sample.stops(grandchild, within: 5))
    }

    @Test func aProgramThatIgnoresSIGTERMIsKilledAfterTheGrace() throws {
        let directory = try Sample.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pid")
        let started = Date()
        let outcome = run(#"trap '' TERM; echo $$ > "$1"; exec sleep 30"#, [file.path], timeout: 1)
        let elapsed = Date().timeIntervalSince(started)
        #expect(outcome == .retry(after: nil, reason: "timed out after 1 s"))
        #expect(elapsed >= 1 + CommandRunner.killGrace - 0.1 && elapsed < 8)
        let child = try pid(in: file)
        #expect(kill(child, 0) == -1 && errno == ESRCH)
    }

    @Test func aMissingExecutableIsRetriedNamingIt() {
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: .exec(command: ["/nonexistent/vigie-sink", "--flag"], timeout: 10), now: Sample.now)
        #expect(
            outcome == .retry(after: nil, reason: "cannot start /nonexistent/vigie-sink: No such file or directory"))
        let unknown = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: .exec(command: ["vigie-no-such-sink"], timeout: 10),
            now: Sample.now)
        #expect(unknown == .retry(after: nil, reason: "cannot start vigie-no-such-sink: No such file or directory"))
    }

    @Test func anEmptyCommandIsPermanent() {
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: .exec(command: [], timeout: 10), now: Sample.now)
        #expect(outcome == .permanent("the exec sink has no command"))
    }

    @Test func aProgramThatNeverReadsItsInputIsNoBrokenPipe() {
        // A line far larger than a pipe holds, to a program that exits without reading it: the write fails with
        // EPIPE (no SIGPIPE kills the test process) and the exit status decides.
        let line = "{\"snippet\":\"" + String(repeating: "a", count: 1 << 20) + "\"}"
        let outcome = deliverer.deliver(
            line: line, alertID: "a-1", to: .exec(command: ["/bin/true"], timeout: 10), now: Sample.now)
        #expect(outcome == .delivered("exit 0"))
    }

    @Test func aProgramThatWritesMuchToStandardErrorBeforeReadingGetsAllItsInput() throws {
        // Both pipes overflow unless the input is written while standard error is read.
        let directory = try Sample.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("stdin.txt")
        let line = "{\"snippet\":\"" + String(repeating: "b", count: 1 << 20) + "\"}"
        let outcome = deliverer.deliver(
            line: line, alertID: "a-1",
            to: .exec(
                command: ["/bin/sh", "-c", #"head -c 1048576 /dev/zero >&2; cat > "$1""#, "sh", file.path],
                timeout: 20),
            now: Sample.now)
        #expect(outcome == .delivered("exit 0"))
        let written = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int
        #expect(written == line.utf8.count + 1)
    }

    @Test func theProgramStartsWithDefaultSignalsAndAnEmptyMask() throws {
        // This thread blocks SIGTERM and the process ignores SIGUSR2, as the daemon blocks and ignores signals; the
        // child must inherit neither. (SIGUSR2 rather than the daemon's SIGPIPE, which other tests here rely on.)
        let directory = try Sample.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("status")
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let previousAction = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, previousAction) }
        let outcome = run(#"grep -E '^(SigBlk|SigIgn)' /proc/self/status > "$1""#, [file.path])
        #expect(outcome == .delivered("exit 0"))
        let status = try String(contentsOf: file, encoding: .utf8)
        for line in status.split(separator: "\n") {
            let mask = line.split(separator: "\t").last.map(String.init) ?? ""
            let bits = UInt64(mask, radix: 16) ?? .max
            #expect(bits & (1 << UInt64(SIGTERM - 1)) == 0, "\(line)")
            #expect(bits & (1 << UInt64(SIGUSR2 - 1)) == 0, "\(line)")
        }
    }
}
