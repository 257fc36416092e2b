import VigieConfig
import VigieDeliver

/// A configured sink as ``VigieDeliver`` takes it, one mapping for the daemon and `vigie sinks test` alike.
public enum SinkTargets {
    /// What `sink` delivers to.
    public static func target(of sink: SinkConfig) -> SinkTarget {
        switch sink.kind {
        case .webhook:
            return .webhook(
                url: sink.url ?? "", secret: sink.secret,
                headers: sink.headers.sorted { $0.key < $1.key }.map { HeaderField(name: $0.key, value: $0.value) },
                format: WebhookFormat(rawValue: sink.format) ?? .standard)
        case .ntfy:
            return .ntfy(url: sink.url ?? "", token: sink.token)
        case .exec:
            return .exec(command: sink.command, timeout: sink.timeout)
        case .email:
            return .email(email(of: sink))
        }
    }

    /// An email sink's SMTP submission.
    public static func email(of sink: SinkConfig) -> EmailTarget {
        EmailTarget(
            smtpURL: sink.smtpURL ?? "", from: sink.from ?? "", to: sink.to, username: sink.username,
            password: sink.password)
    }

    /// The receiver a 410 Gone disables (its URL, or the command): the sink stays disabled while configured with
    /// it, and is enabled again when given another.
    public static func key(of sink: SinkConfig) -> String {
        switch sink.kind {
        case .exec: sink.command.joined(separator: " ")
        case .email: (sink.smtpURL ?? "") + " " + sink.to.joined(separator: ",")
        default: sink.url ?? ""
        }
    }

    /// ``key(of:)`` of each of `sinks`, by name (the first sink of a name when two share it): what
    /// ``VigieStore/StateStore/sinkStatuses(_:)`` takes to tell which sinks are disabled.
    public static func keys(of sinks: [SinkConfig]) -> [String: String] {
        Dictionary(sinks.map { ($0.name, key(of: $0)) }, uniquingKeysWith: { first, _ in first })
    }
}
