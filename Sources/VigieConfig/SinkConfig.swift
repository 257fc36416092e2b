import VigieWatch

/// One `[[sink]]` of the configuration: where alerts are delivered beside the log, which ones, and how retries go.
///
/// Secrets (`secret_file`, `token_file`) are read when the configuration is loaded; ``description`` never shows
/// them, so a sink can be logged whole.
public struct SinkConfig: Sendable, Equatable, CustomStringConvertible {
    /// What kind of receiver the sink delivers to (`type`).
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// An HTTP POST of the alert's JSON line, signed (Standard Webhooks), or a Slack/Mattermost message.
        case webhook
        /// A notification through an ntfy server (phone, desktop).
        case ntfy
        /// A program run with the alert's JSON line on its standard input.
        case exec
        /// An email per alert, or a digest an hour or a day, through an SMTP server.
        case email
    }

    /// The sink's name (`name`), unique: deliveries are kept per name.
    public var name: String
    /// What it delivers to (`type`).
    public var kind: Kind
    /// The receiver's URL (`url`: webhook and ntfy).
    public var url: String?
    /// The webhook signing secret, `whsec_…` (read from `secret_file`).
    public var secret: String?
    /// The ntfy access token (read from `token_file`).
    public var token: String?
    /// Extra request headers (`headers`: webhook).
    public var headers: [String: String]
    /// The webhook's body (`format`): `standard` (the alert's JSON line, signed) or `slack` (`{"text": …}`).
    public var format: String
    /// The program and its arguments (`command`: exec), no shell.
    public var command: [String]
    /// The SMTP server (`smtp_url`: email): `smtp://` (STARTTLS required but on loopback) or `smtps://`.
    public var smtpURL: String?
    /// The sender (`from`: email).
    public var from: String?
    /// The recipients (`to`: email).
    public var to: [String]
    /// The SMTP user (`username`: email).
    public var username: String?
    /// The SMTP password (read from `password_file`).
    public var password: String?
    /// One email per alert, or a digest (`digest`: email; default `off`).
    public var digest: DigestSchedule
    /// How long one attempt may take, in seconds (`timeout`, default 30 s).
    public var timeout: Double
    /// The watches whose alerts go to this sink (`watches`; `nil`: every watch).
    public var watches: [String]?
    /// The least urgent level sent (`min_level`, default `notice`: `alert`, `warning` and `notice` go).
    public var minLevel: WatchLevel
    /// The kinds of alert line sent (`kinds`, default `["story"]`: coverage lines only when asked).
    public var kinds: [String]
    /// The first wait after a failed attempt, in seconds (`min_backoff`, default 30 s), doubled at each failure.
    public var minBackoff: Double
    /// The longest wait between attempts, in seconds (`max_backoff`, default 6 h).
    public var maxBackoff: Double
    /// How long a delivery is tried before it is given up, in seconds (`max_age`, default 3 days).
    public var maxAge: Double
    /// Where the sink is defined, for messages (`vigie.toml:42`).
    public var origin: String

    /// The sink's kinds of alert line: `story` (the alert of a story), `coverage` (its later articles) and
    /// `feed-health` (a feed turning bad or recovering).
    public static let lineKinds = ["story", "coverage", "feed-health"]

    /// Creates a sink with the defaults for what is not given.
    public init(
        name: String, kind: Kind, url: String? = nil, secret: String? = nil, token: String? = nil,
        headers: [String: String] = [:], format: String = "standard", command: [String] = [], timeout: Double = 30,
        watches: [String]? = nil, minLevel: WatchLevel = .notice, kinds: [String] = ["story"], minBackoff: Double = 30,
        maxBackoff: Double = 6 * 3600, maxAge: Double = 3 * 86400, origin: String = ""
    ) {
        self.name = name
        self.kind = kind
        self.url = url
        self.secret = secret
        self.token = token
        self.headers = headers
        self.format = format
        self.command = command
        self.smtpURL = nil
        self.from = nil
        self.to = []
        self.username = nil
        self.password = nil
        self.digest = .off
        self.timeout = timeout
        self.watches = watches
        self.minLevel = minLevel
        self.kinds = kinds
        self.minBackoff = minBackoff
        self.maxBackoff = maxBackoff
        self.maxAge = maxAge
        self.origin = origin
    }

    /// The sink without its secrets: `NAME (TYPE → URL or command)`.
    public var description: String {
        let target =
            switch kind {
            case .exec: command.joined(separator: " ")
            case .email: (smtpURL ?? "") + " → " + to.joined(separator: ", ") + (digest == .off ? "" : ", \(digest)")
            default: url ?? ""
            }
        return "\(name) (\(kind.rawValue) → \(target))"
    }
}
