import Foundation
import Logging
import Testing
import VigieStore
import VigieSync
import VigieSystemd
import VigieTestSupport

@testable import VigieDaemon

/// Alerts delivered to sinks by the whole daemon: loopback feeds, a loopback receiver that checks signatures and
/// answers as scripted, the real state, a manual clock for the backoff.
@Suite(.serialized) struct SinksEndToEndTests {
    private let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    private func install(items: Int = 2) throws -> Installation {
        try Installation(feeds: [
            "a.xml": (1...items).map {
                RSSItem(guid: "a\($0)", title: "Quantum widget news \($0)", link: "https://a.example/\($0)")
            }
        ])
    }

    private func writeSecret(_ install: Installation) throws {
        let path = install.folder.appendingPathComponent("hook.secret").path
        try (secret + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    private func webhook(_ url: String, extra: String = "") -> String {
        """
        [[sink]]
        name = "hook"
        type = "webhook"
        url = "\(url)"
        secret_file = "hook.secret"
        min_backoff = "30s"
        \(extra)
        """
    }

    /// Waits (up to 20 s, 120 s under a sanitizer) until `condition` holds: the sink's thread works beside the test.
    private func waitFor(_ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(20 * Double(CPUBudget.scale))
        while try !condition() {
            if Date() > deadline {
                Issue.record("timed out waiting for \(what)")
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    @Test func aSignedWebhookIsRetriedUntilDeliveredInOrderWithOneID() throws {
        let install = try install()
        try writeSecret(install)
        let receiver = try SinkReceiver(answers: ["503", "503", "200"], secret: secret)
        try install.writeConfig(feeds: ["a.xml"], backlog: "3650d", extra: webhook(receiver.url("/hook")))
        let lines = Locked<[String]>([])
        let logger = Logger(label: "test") { label in
            StderrLogHandler(label: label, control: LogLevelControl(.trace), journald: false) { line in
                lines.withLock { $0.append(line) }
            }
        }
        let clock = ManualClock()
        let running = try install.start(clock: clock, logger: logger)
        let alerts = try install.alerts()
        #expect(alerts.count == 2)
        let ids = alerts.compactMap { $0["alert_id"] as? String }
        // Until the first alert is taken (the third attempt): once the worker has stored a failure (its next
        // attempt 15 to 30 s, then 30 to 60 s later), time moves on by more than that, and the next attempt comes.
        // The first polls (and so the first attempts) fall anywhere in the start-up minute: count what happened.
        for _ in 0..<6 {
            let made = try receiver.requests().count
            if made >= 3 { break }
            try waitFor("failure \(made) to be stored") {
                let state = try install.state()
                let delivered = try state.sinkStatuses(["hook": receiver.url("/hook")]).first?.delivered ?? 0
                let attempts = try state.nextDelivery(sink: "hook")?.attempts ?? -1
                return delivered > 0 || attempts >= made
            }
            try clock.advance(by: 120)
            try waitFor("attempt \(made + 1)") { try receiver.requests().count > made }
        }
        try waitFor("both deliveries") { try receiver.requests().count == 4 }
        let requests = try receiver.requests()
        #expect(requests.map { $0.headers["webhook-id"] } == [ids[0], ids[0], ids[0], ids[1]])
        #expect(requests.map(\.status) == [503, 503, 200, 200])
        #expect(requests.allSatisfy { $0.signatureOK == true })
        let logged = try String(contentsOf: install.alertLog, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(requests.map(\.body) == [logged[0], logged[0], logged[0], logged[1]])
        try waitFor("the state to say delivered") {
            try install.state().sinkStatuses(["hook": receiver.url("/hook")]).first?.delivered == 2
        }
        #expect(running.stop())
        let log = lines.withLock { $0 }
        #expect(log.contains { $0.contains("delivery failed, retried in") && $0.contains("HTTP 503") })
        #expect(log.contains { $0.contains("delivered") })
        // The secret is in no log line, whatever the level.
        #expect(!log.contains { $0.contains(secret) || $0.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") })
    }

    @Test func retryAfterIsHonouredAndARestartResumes() throws {
        let install = try install(items: 1)
        try writeSecret(install)
        let busy = try SinkReceiver(answers: ["503:600"], secret: secret)
        try install.writeConfig(feeds: ["a.xml"], backlog: "3650d", extra: webhook(busy.url("/hook")))
        let clock = ManualClock()
        let running = try install.start(clock: clock)
        try waitFor("the first attempt") { try busy.requests().count == 1 }
        try waitFor("the retry to be stored") { try install.state().nextDelivery(sink: "hook")?.attempts == 1 }
        let waiting = try #require(try install.state().nextDelivery(sink: "hook"))
        // Retry-After: 600 s after the attempt, made at some moment of the first polls' minute.
        let ahead = waiting.nextAttempt.timeIntervalSince(clock.now)
        #expect(ahead > 600 - 62 && ahead <= 600.5, "\(ahead)")
        #expect(waiting.lastError?.contains("HTTP 503") == true)
        #expect(running.stop())

        // Restarted with the sink's receiver moved: the pending delivery goes there, with the same id.
        let ready = try SinkReceiver(answers: ["200"], secret: secret)
        try install.writeConfig(feeds: ["a.xml"], backlog: "3650d", extra: webhook(ready.url("/hook")))
        let later = ManualClock(start: clock.now)
        let restarted = try install.start(clock: later)
        try later.advance(by: 600)
        try waitFor("the delivery after the restart") { try ready.requests().count == 1 }
        #expect(try ready.requests().first?.headers["webhook-id"] == busy.requests().first?.headers["webhook-id"])
        #expect(try install.alerts().count == 1)  // nothing alerted twice
        #expect(restarted.stop())
    }

    @Test func aSlowReceiverDoesNotHoldUpPolling() throws {
        let install = try install(items: 1)
        try writeSecret(install)
        let slow = try SinkReceiver(answers: ["200"], delay: 10, secret: secret)
        try install.writeConfig(feeds: ["a.xml"], backlog: "3650d", extra: webhook(slow.url("/hook")))
        let clock = ManualClock()
        let running = try install.start(clock: clock)
        try waitFor("the delivery to be under way") { try slow.requests().count == 1 }
        try install.write(
            feed: "a.xml",
            items: [
                RSSItem(guid: "a1", title: "Quantum widget news 1", link: "https://a.example/1"),
                RSSItem(guid: "a2", title: "Quantum widget, more", link: "https://a.example/2"),
            ])
        try clock.advance(by: 3601)  // the next poll, while the receiver sits on the first delivery
        #expect(try install.alerts().count == 2)
        let first = try #require(try install.state().nextDelivery(sink: "hook"))
        #expect(first.attempts == 0)  // still in flight: the poll did not wait for it
        #expect(running.stop())
    }

    @Test func goneDisablesTheSinkUntilItsURLChanges() throws {
        let install = try install()
        try writeSecret(install)
        let gone = try SinkReceiver(answers: ["410"], secret: secret)
        try install.writeConfig(feeds: ["a.xml"], backlog: "3650d", extra: webhook(gone.url("/hook")))
        let clock = ManualClock()
        let running = try install.start(clock: clock)
        try waitFor("the sink to be disabled") {
            try install.state().sinkStatuses(["hook": gone.url("/hook")]).first?.disabled != nil
        }
        try clock.advance(by: 3600)
        let status = try #require(try install.state().sinkStatuses(["hook": gone.url("/hook")]).first)
        #expect(status.pending == 2 && status.disabled?.contains("HTTP 410") == true)
        #expect(try gone.requests().count == 1)  // disabled: no further attempt
        // Another URL: enabled again, and the waiting deliveries go, in order.
        let moved = try SinkReceiver(answers: ["200"], secret: secret)
        try install.writeConfig(feeds: ["a.xml"], backlog: "3650d", extra: webhook(moved.url("/hook")))
        try running.post(.reload)
        try waitFor("the deliveries to the new URL") { try moved.requests().count == 2 }
        #expect(running.stop())
    }

    @Test func aProgramGetsEachAlertOnItsInputAndOnceDeliversWhatIsDue() throws {
        let install = try install()
        let output = install.folder.appendingPathComponent("received.jsonl").path
        let script = install.folder.appendingPathComponent("receive.sh").path
        try "#!/bin/sh\ncat >> '\(output)'\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try install.writeConfig(
            feeds: ["a.xml"], backlog: "3650d",
            extra:
                "[[sink]]\nname = \"script\"\ntype = \"exec\"\ncommand = [\"\(script)\"]\nkinds = [\"story\", \"coverage\"]\n"
        )
        _ = try install.runOnce()
        let received = try String(contentsOfFile: output, encoding: .utf8)
        let logged = try String(contentsOf: install.alertLog, encoding: .utf8)
        #expect(received == logged)
        #expect(try install.state().sinkStatuses(["script": script]).first?.delivered == 2)
        _ = try install.runOnce()
        #expect(try String(contentsOfFile: output, encoding: .utf8) == logged)  // nothing twice
    }

    @Test func aRefusedDeliveryFailsForGoodAndTheNextGoes() throws {
        let install = try install()
        try writeSecret(install)
        let picky = try SinkReceiver(answers: ["400", "200"], secret: secret, body: "unknown field: watch")
        try install.writeConfig(feeds: ["a.xml"], backlog: "3650d", extra: webhook(picky.url("/hook")))
        _ = try install.runOnce()
        let status = try #require(try install.state().sinkStatuses(["hook": picky.url("/hook")]).first)
        #expect(status.failed == 1 && status.delivered == 1 && status.pending == 0)
        #expect(status.lastError?.contains("HTTP 400: unknown field: watch") == true)
    }

    @Test func eachAlertIsAnEmailWithItsIDAsMessageID() throws {
        let install = try install()
        let server = try SMTPReceiver()
        try install.writeConfig(
            feeds: ["a.xml"], backlog: "3650d",
            extra: """
                [[sink]]
                name = "desk"
                type = "email"
                smtp_url = "\(server.url)"
                from = "Vigie <vigie@example.org>"
                to = ["desk@example.org"]
                """)
        _ = try install.runOnce()
        let messages = try server.messages()
        let ids = try install.alerts().compactMap { $0["alert_id"] as? String }
        #expect(messages.count == 2)
        #expect(messages.map(\.rcptTo) == [["desk@example.org"], ["desk@example.org"]])
        for (message, id) in zip(messages, ids) {
            #expect(message.data.contains("Message-ID: <\(id)@vigie>"), "\(message.data.prefix(600))")
        }
        #expect(messages.first?.data.contains("Quantum widget news 1") == true)
    }

    @Test func aDigestGoesAtItsHourWithTheStoriesGrouped() throws {
        let install = try install()
        let server = try SMTPReceiver()
        try install.writeConfig(
            feeds: ["a.xml"], backlog: "3650d",
            extra: """
                [[sink]]
                name = "hourly"
                type = "email"
                smtp_url = "\(server.url)"
                from = "vigie@example.org"
                to = ["press@example.org"]
                digest = "hourly"
                """)
        // Twenty minutes past an hour, local time.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.current
        let hour = calendar.dateInterval(of: .hour, for: Date())!.start
        let clock = ManualClock(start: hour.addingTimeInterval(20 * 60))
        let running = try install.start(clock: clock)
        #expect(try install.alerts().count == 2)
        try clock.advance(by: 30 * 60)  // 10 minutes before the hour: nothing goes
        #expect(try install.state().sinkStatuses(["hourly": ""]).first?.pending == 2)
        #expect(try server.messages().isEmpty)
        try clock.advance(by: 15 * 60)  // past the hour: one digest with both stories
        try waitFor("the digest") { try server.messages().count == 1 }
        let digest = try #require(try server.messages().first)
        #expect(digest.data.contains("Vigie digest: 2 stories"), "\(digest.data.prefix(800))")
        #expect(digest.data.contains("Quantum widget news 1") && digest.data.contains("Quantum widget news 2"))
        let end = Int(hour.addingTimeInterval(3600).timeIntervalSince1970)
        #expect(digest.data.contains("Message-ID: <digest-\(end)-hourly@vigie>"))
        try waitFor("the deliveries to be settled") {
            try install.state().sinkStatuses(["hourly": ""]).first?.delivered == 2
        }
        #expect(running.stop())
    }
}
