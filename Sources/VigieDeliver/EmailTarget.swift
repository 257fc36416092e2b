/// An SMTP submission: where, from whom, to whom, and the credentials (password already read from its file).
///
/// `smtpURL` is `smtp://host[:port]` or `smtps://host[:port]` (an optional `/domain` path is the name sent with
/// `EHLO`). Over `smtp://` the message goes only after STARTTLS, except to `127.0.0.1`, `::1` or `localhost`, where
/// plain SMTP is allowed; `smtps://` is TLS from the first byte. TLS peers and host names are always verified.
public struct EmailTarget: Sendable, Hashable {
    /// `smtp://host[:port]` (STARTTLS required unless the host is loopback) or `smtps://host[:port]` (implicit TLS).
    public var smtpURL: String
    /// The sender: an address (`vigie@example.org`) or a name and an address (`Vigie <vigie@example.org>`).
    public var from: String
    /// The recipients, each written as `from` is.
    public var to: [String]
    /// The user name to authenticate with (AUTH PLAIN or LOGIN), if any.
    public var username: String?
    /// The password sent with ``username``; never part of an outcome's reason.
    public var password: String?

    /// Creates a target; credentials are sent only over TLS or to a loopback host.
    public init(smtpURL: String, from: String, to: [String], username: String? = nil, password: String? = nil) {
        self.smtpURL = smtpURL
        self.from = from
        self.to = to
        self.username = username
        self.password = password
    }
}
