/// What a webhook's request body is.
public enum WebhookFormat: String, Sendable, Hashable, CaseIterable {
    /// The alert's JSON line exactly, with the Standard Webhooks headers (`webhook-id`, `webhook-timestamp` and,
    /// with a secret, `webhook-signature`).
    case standard
    /// A Slack or Mattermost incoming-webhook message: `{"text": "..."}`, three short lines about the alert.
    case slack
}
