import Foundation

/// Where a sink delivers: values only, secrets already read from their files by the caller.
///
/// A target is the whole of what ``Deliverer/deliver(line:alertID:to:now:)`` needs to reach a sink; it holds no
/// state between deliveries.
public enum SinkTarget: Sendable, Hashable {
    /// An HTTP(S) endpoint that receives a POST per alert.
    ///
    /// With ``WebhookFormat/standard`` the body is the alert's JSON line exactly, signed the Standard Webhooks way
    /// when `secret` is given (`whsec_<base64 key>`, or the base64 key alone); with ``WebhookFormat/slack`` it is a
    /// Slack/Mattermost incoming-webhook message. `headers` are sent after Vigie's own (a header Vigie sets itself
    /// is not sent twice: the user's of the same name is dropped).
    case webhook(url: String, secret: String?, headers: [HeaderField], format: WebhookFormat)
    /// An ntfy topic: `url` is `https://server[:port][/prefix]/TOPIC`; `token` an access token sent as
    /// `Authorization: Bearer`.
    case ntfy(url: String, token: String?)
    /// A program run once per alert, with no shell: `command[0]` is the executable (a path, or a name looked up in
    /// `PATH`), the rest its arguments. It reads the alert line and a newline on its standard input and has
    /// `timeout` seconds to exit 0.
    case exec(command: [String], timeout: TimeInterval)
    /// E-mail through an SMTP submission server: one message per alert (``Deliverer/deliver(line:alertID:to:now:)``),
    /// or one per digest (``Deliverer/deliverDigest(lines:digestID:period:to:now:)``).
    case email(EmailTarget)
}
