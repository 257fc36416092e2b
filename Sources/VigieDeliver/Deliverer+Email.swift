import Foundation

extension Deliverer {
    /// Sends a digest: one message grouping the stories of `lines` (alert JSON lines, oldest first) by watch.
    /// `digestID` is the message's stable id (the same on every retry: Message-ID `<digestID@vigie>`), `period`
    /// names what it covers for the subject ("2026-12-07 08:00–09:00" or "2026-12-07").
    ///
    /// The subject is `Vigie digest: N stories (period)`; each story is one entry (title and link of the line that
    /// opened it, else of its first line; every outlet that carried it; the snippet), under the watch of that line,
    /// watches in the order they first appear. `now` dates the message. Blocking (at most ``timeout`` seconds); never
    /// throws. An empty `lines`, or one with no JSON object, is `.permanent`. No reason contains the password.
    public func deliverDigest(
        lines: [String], digestID: String, period: String, to target: EmailTarget, now: Date
    ) -> DeliveryOutcome {
        guard !lines.isEmpty else { return .permanent("nothing to send") }
        let summaries = lines.compactMap(AlertSummary.init(line:))
        guard !summaries.isEmpty else { return .permanent("no line of the digest is a JSON object") }
        let digest = DigestEmail(summaries: summaries)
        let outcome = sendEmail(to: target) { from, to in
            digest.message(digestID: digestID, period: period, from: from, to: to, now: now)
        }
        return Self.redact(outcome, hiding: Self.secrets(of: .email(target)))
    }

    /// Sends the alert `line` (id `alertID`) to `target` as one message whose Message-ID is `<alertID@vigie>`.
    func deliverEmail(line: String, alertID: String, to target: EmailTarget, now: Date) -> DeliveryOutcome {
        guard let summary = AlertSummary(line: line) else { return .permanent("the alert line is not a JSON object") }
        let published = AlertEmail.published(in: line)
        return sendEmail(to: target) { from, to in
            AlertEmail.message(for: summary, published: published, alertID: alertID, from: from, to: to, now: now)
        }
    }

    /// Checks `target`, makes its message with `compose` (given the parsed sender and recipients) and submits it.
    private func sendEmail(
        to target: EmailTarget, compose: (MailAddress, [MailAddress]) -> EmailMessage
    ) -> DeliveryOutcome {
        let plan: SMTPPlan
        do {
            plan = try SMTPPlan(target: target)
        } catch {
            return .permanent(error.reason)
        }
        guard let from = MailAddress(target.from) else {
            return .permanent("the sender \(target.from.snippet(limit: 100).debugDescription) is not an e-mail address")
        }
        guard !target.to.isEmpty else { return .permanent("the e-mail sink has no recipient") }
        var recipients: [MailAddress] = []
        for text in target.to {
            guard let address = MailAddress(text) else {
                return .permanent("the recipient \(text.snippet(limit: 100).debugDescription) is not an e-mail address")
            }
            recipients.append(address)
        }
        let message = compose(from, recipients)
        do {
            let handle = try MailHandle(
                plan: plan, sender: from.address, recipients: recipients.map(\.address), message: message.bytes,
                timeout: timeout, caFile: caFile)
            return handle.perform().outcome
        } catch {
            return error.outcome
        }
    }
}
