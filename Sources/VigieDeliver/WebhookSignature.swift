import Crypto
import Foundation

/// Standard Webhooks 1.0 signatures (<https://www.standardwebhooks.com>): what lets a receiver check that a
/// delivery came from this daemon and was not replayed.
public enum WebhookSignature {
    /// The `webhook-signature` header value for one delivery: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
    ///
    /// The key is the secret's: `whsec_<base64 key>`, or, without that prefix, the base64 key itself (as Standard
    /// Webhooks libraries accept it). `timestamp` is the `webhook-timestamp` header's value, in Unix seconds; `body`
    /// the exact request body. Throws when the secret is not base64 or its key is empty.
    public static func sign(
        id: String, timestamp: Int, body: String, secret: String
    ) throws(WebhookSignature.SecretError) -> String {
        let key = try key(of: secret)
        let content = Data("\(id).\(timestamp).\(body)".utf8)
        let code = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: key))
        return "v1," + Data(code).base64EncodedString()
    }

    /// The HMAC key of `secret`: the base64 text after `whsec_` (or all of it without the prefix), decoded.
    static func key(of secret: String) throws(WebhookSignature.SecretError) -> Data {
        var text = secret.hasPrefix(Self.secretPrefix) ? String(secret.dropFirst(Self.secretPrefix.count)) : secret
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Some tools drop base64's trailing padding; put it back rather than refuse the key.
        if text.utf8.count % 4 != 0 { text += String(repeating: "=", count: 4 - text.utf8.count % 4) }
        guard let key = Data(base64Encoded: text) else {
            throw SecretError(
                message: "the webhook secret is not base64 (expected whsec_ followed by the base64 key)")
        }
        guard !key.isEmpty else { throw SecretError(message: "the webhook secret's key is empty") }
        return key
    }

    /// The prefix Standard Webhooks puts before a secret's base64 key.
    static let secretPrefix = "whsec_"

    /// A webhook secret that cannot be used as a key (not valid base64, or empty).
    ///
    /// The message never contains the secret itself, so it may be logged.
    public struct SecretError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong with the secret, for people.
        public var message: String

        /// Creates an error with `message`.
        public init(message: String) { self.message = message }

        /// The message.
        public var description: String { message }
    }
}
